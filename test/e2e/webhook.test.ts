/**
 * The admission webhook on the real apiserver: the server runs in this test process on 127.0.0.1 with a fresh CA,
 * registered by URL (as envtest does) and scoped to this file's namespace by a label, so other test files are never
 * affected; the configurations are deleted in afterAll.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as yaml from 'js-yaml';
import {
  caBundle, generateWebhookTls, registerWebhooks, startWebhookServer, unregisterWebhooks, webhookConfigurations, webhookDeps,
  HCL_SOURCE_ANNOTATION, type WebhookServer,
} from '../../src/webhook/index.js';
import { toApiError } from '../../src/k8s/objects.js';
import { waitFor } from '../../src/local-cluster/readiness.js';
import { deleteNamespace, kubeConfig, kubeconfigPath } from './support/cluster.js';

const NS = 'e2e-webhook';
const CONFIG_NAME = 'kubenomad-e2e-webhook';
const SELECTOR = { 'kubenomad.io/e2e-webhook': 'true' };
const fixture = (name: string): string => readFileSync(new URL(`../fixtures/hcl/${name}`, import.meta.url), 'utf8');
let kc: KubeConfig;
let server: WebhookServer | undefined;

/** kubectl without blocking the event loop (the webhook answering the apiserver lives in this process). */
function kubectl(args: string[], input?: string): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.KUBENOMAD_E2E_KUBECTL ?? 'kubectl', ['--kubeconfig', kubeconfigPath(), ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

const nomadJob = (name: string, hcl: string): string =>
  yaml.dump({ apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name, namespace: NS }, spec: { hcl } });
const dispatch = (name: string, meta: Record<string, string>): string =>
  yaml.dump({ apiVersion: 'kubenomad.io/v1alpha1', kind: 'Dispatch', metadata: { name, namespace: NS }, spec: { job: 'ping', meta } });

async function createLabelledNamespace(): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: NS, labels: SELECTOR } } }).catch((err: unknown) => {
    if (toApiError(err).code !== 409) throw err;
  });
}

beforeAll(async () => {
  kc = kubeConfig();
  await createLabelledNamespace();
  const tls = await generateWebhookTls('kubenomad-webhook', 'kubenomad');
  server = await startWebhookServer({ cert: tls.cert, key: tls.key, host: '127.0.0.1', port: 0, deps: webhookDeps(kc) });
  const url = `https://127.0.0.1:${server.port}`;
  await registerWebhooks(kc, webhookConfigurations({ caBundle: caBundle(tls.caCert), url, name: CONFIG_NAME, namespaceSelector: { matchLabels: SELECTOR } }));
  // The apiserver picks up new webhook configurations asynchronously: wait until an invalid job is rejected.
  await waitFor('webhook active', async () => (await kubectl(['create', '--dry-run=server', '-f', '-'], nomadJob('probe', 'job "probe" {'))).status !== 0, 30_000);
}, 90_000);

afterAll(async () => {
  await unregisterWebhooks(kc, CONFIG_NAME);
  await server?.close();
  await deleteNamespace(kc, NS);
}, 30_000);

describe('admission webhook on the real apiserver', () => {
  it('stores a NomadJob applied as raw HCL with the structured spec and the source annotation', async () => {
    const source = fixture('ping.nomad');
    const r = await kubectl(['apply', '-f', '-'], nomadJob('ping', source));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const got = (await kc.makeApiClient(CustomObjectsApi).getNamespacedCustomObject({
      group: 'kubenomad.io', version: 'v1alpha1', plural: 'nomadjobs', namespace: NS, name: 'ping',
    })) as { metadata: { annotations: Record<string, string> }; spec: Record<string, unknown> };
    expect(got.spec).toMatchObject({ type: 'batch', region: 'uk', datacenters: ['dc1'], parameterized: { metaRequired: ['ADDRESS'] } });
    expect(got.spec).toMatchObject({ groups: [{ name: 'ping', tasks: [{ name: 'ping', driver: 'exec' }] }] });
    expect(got.spec).not.toHaveProperty('hcl');
    expect(got.metadata.annotations[HCL_SOURCE_ANNOTATION]).toBe(source);
  });

  it('re-applying the same file with kubectl keeps the object structured', async () => {
    const r = await kubectl(['apply', '-f', '-'], nomadJob('ping', fixture('ping.nomad')));
    expect(r.status).toBe(0);
    const out = await kubectl(['get', 'nomadjob', 'ping', '-n', NS, '-o', 'jsonpath={.spec.groups[0].name} {.spec.hcl}']);
    expect(out.stdout.trim()).toBe('ping');
  });

  it('rejects invalid HCL with the file:line:column message in kubectl stderr', async () => {
    const r = await kubectl(['apply', '-f', '-'], nomadJob('broken', fixture('errors/invalid-hcl.nomad')));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('broken.nomad:3:12: Invalid expression');
  });

  it('accepts a jobspec with a vault block and kubectl prints a Warning line', async () => {
    const r = await kubectl(['apply', '-f', '-'], nomadJob('vault', fixture('nomad-example-vault.nomad')));
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^Warning: vault\.nomad:\d+:\d+: warning: .*vault/im);
  });

  it('rejects a structured NomadJob with an unsupported driver', async () => {
    const job = { apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'java', namespace: NS }, spec: { groups: [{ name: 'g', tasks: [{ name: 't', driver: 'java', config: {} }] }] } };
    const r = await kubectl(['create', '-f', '-'], yaml.dump(job));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('uses driver "java"');
  });

  it('rejects a Dispatch missing required meta, naming the key', async () => {
    const r = await kubectl(['create', '-f', '-'], dispatch('ping-missing', {}));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('missing required meta: ADDRESS');
  });

  it('accepts a Dispatch with the required meta', async () => {
    const r = await kubectl(['create', '-f', '-'], dispatch('ping-ok', { ADDRESS: '127.0.0.1' }));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
