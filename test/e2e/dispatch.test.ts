/**
 * Dispatch of seed 000's parameterized `ping` job against the real control plane: the NomadJob and
 * dispatch controllers run in this process (no admission webhook), kwok finishes the pods.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { Registry } from 'prom-client';
import { parseDispatchArgs, runDispatch } from '../../src/cli/dispatch.js';
import { startDispatchController } from '../../src/controllers/dispatch/controller.js';
import { jobSelector } from '../../src/controllers/nomadjob/alloc-meta.js';
import { startNomadJobController } from '../../src/controllers/nomadjob/controller.js';
import type { Dispatch } from '../../src/crds/dispatch-types.js';
import type { NomadJob, NomadJobSpec } from '../../src/crds/nomadjob-types.js';
import { createFakeNodes, deleteFakeNodes } from '../../src/local-cluster/bootstrap.js';
import { COMPLETE_AFTER_ANNOTATION } from '../../src/local-cluster/kwok-stages.js';
import { waitFor } from '../../src/local-cluster/readiness.js';
import { createLogger } from '../../src/logging.js';
import { createNamespace, deleteNamespace, kubeConfig } from './support/cluster.js';

const NS = 'e2e-dispatch';
const DC = 'dc-dispatch';
const NODES = ['dispatch-node-a'];
const GROUP = { group: 'kubenomad.io', version: 'v1alpha1', namespace: NS };

let kc: KubeConfig;
let custom: CustomObjectsApi;
const running: Array<{ stop(): Promise<void> }> = [];

beforeAll(async () => {
  kc = kubeConfig();
  custom = kc.makeApiClient(CustomObjectsApi);
  await createNamespace(kc, NS);
  await createFakeNodes(kc, NODES.map((name) => ({ name, datacenter: DC, cpuCores: 8, memoryMiB: 16384 })));
  const log = createLogger(process.env.KUBENOMAD_E2E_LOG ?? 'silent');
  running.push(await startNomadJobController({ kc, log, registry: new Registry(), settings: { algorithm: 'binpack' }, namespace: NS }));
  running.push(await startDispatchController({ kc, log, registry: new Registry(), namespace: NS }));
  // Seed 000's job, as translated from its HCL, in this test's datacenter; kwok ends its pods after 2s.
  const fixture = load(readFileSync('test/fixtures/hcl/ping.yaml', 'utf8')) as { spec: NomadJobSpec };
  const spec = structuredClone(fixture.spec);
  spec.datacenters = [DC];
  for (const task of spec.groups?.[0]?.tasks ?? []) task.kubernetes = { annotations: { [COMPLETE_AFTER_ANNOTATION]: '2s' } };
  await custom.createNamespacedCustomObject({ ...GROUP, plural: 'nomadjobs', body: { apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'ping', namespace: NS }, spec } });
}, 90_000);

afterAll(async () => {
  for (const r of running) await r.stop();
  await deleteFakeNodes(kc, NODES);
  await deleteNamespace(kc, NS);
});

async function dispatch(name: string, spec: Omit<Dispatch['spec'], 'job'>): Promise<void> {
  await custom.createNamespacedCustomObject({ ...GROUP, plural: 'dispatches', body: { apiVersion: 'kubenomad.io/v1alpha1', kind: 'Dispatch', metadata: { name, namespace: NS }, spec: { job: 'ping', ...spec } } });
}

async function getDispatch(name: string): Promise<Dispatch> {
  return (await custom.getNamespacedCustomObject({ ...GROUP, plural: 'dispatches', name })) as Dispatch;
}

async function pingChildren(): Promise<NomadJob[]> {
  const list = (await custom.listNamespacedCustomObject({ ...GROUP, plural: 'nomadjobs', labelSelector: 'kubenomad.io/parent-job=ping' })) as { items: NomadJob[] };
  return list.items;
}

describe('dispatch', () => {
  it("runs seed 000's ping with NOMAD_META_ADDRESS in its args and mirrors the child's outcome", async () => {
    await dispatch('ping-1', { meta: { ADDRESS: '192.168.50.1' } });
    await waitFor('child linked', async () => Boolean((await getDispatch('ping-1')).status?.childJob), 20_000);
    const d = await getDispatch('ping-1');
    expect(d.status?.childJob).toMatch(/^ping-dispatch-\d+-[0-9a-f]{8}$/);
    expect(d.status?.dispatchedJobId).toMatch(/^ping\/dispatch-\d+-[0-9a-f]{8}$/);
    const core = kc.makeApiClient(CoreV1Api);
    await waitFor('allocation pod', async () => (await core.listNamespacedPod({ namespace: NS, labelSelector: jobSelector(d.status!.childJob!) })).items.length === 1, 30_000);
    const [pod] = (await core.listNamespacedPod({ namespace: NS, labelSelector: jobSelector(d.status!.childJob!) })).items;
    const container = pod!.spec!.containers[0]!;
    expect(container.args).toEqual(['-c10', '192.168.50.1']);
    expect(container.env).toEqual(expect.arrayContaining([{ name: 'NOMAD_META_ADDRESS', value: '192.168.50.1' }]));
    await waitFor('dispatch complete', async () => (await getDispatch('ping-1')).status?.phase === 'complete', 40_000);
  }, 90_000);

  it('refuses a dispatch without the required ADDRESS (status failed, Warning event) when no webhook stopped it', async () => {
    await dispatch('ping-no-address', {});
    await waitFor('refused', async () => (await getDispatch('ping-no-address')).status?.phase === 'failed', 20_000);
    const d = await getDispatch('ping-no-address');
    expect(d.status?.childJob).toBeUndefined();
    expect(d.status?.conditions?.[0]).toMatchObject({ type: 'Dispatched', status: 'False', reason: 'InvalidDispatch' });
    expect(d.status?.conditions?.[0]?.message).toContain('Dispatch did not provide required meta key "ADDRESS"');
    await waitFor('warning event', async () => {
      const events = await kc.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace: NS, fieldSelector: 'involvedObject.name=ping-no-address' });
      return events.items.some((e) => e.type === 'Warning' && e.reason === 'InvalidDispatch');
    }, 10_000);
  }, 40_000);

  it('gives one child for the same idempotency token dispatched twice', async () => {
    await dispatch('ping-token-a', { meta: { ADDRESS: '10.0.0.1' }, idempotencyToken: 'tok-1' });
    await dispatch('ping-token-b', { meta: { ADDRESS: '10.0.0.1' }, idempotencyToken: 'tok-1' });
    await waitFor('both linked', async () => Boolean((await getDispatch('ping-token-a')).status?.childJob && (await getDispatch('ping-token-b')).status?.childJob), 20_000);
    const [a, b] = [await getDispatch('ping-token-a'), await getDispatch('ping-token-b')];
    expect(b.status?.childJob).toBe(a.status?.childJob);
    const withToken = (await pingChildren()).filter((c) => c.metadata.annotations?.['kubenomad.io/idempotency-token'] === 'tok-1');
    expect(withToken).toHaveLength(1);
    // One created the child, the other found it by its token (whichever the controller handled second).
    expect([a, b].map((x) => x.status?.conditions?.[0]?.reason).sort()).toEqual(['Dispatched', 'IdempotencyTokenMatched']);
  }, 40_000);

  it('`kubenomad job dispatch -meta ADDRESS=... ping` prints the dispatched job ID and an honest evaluation line', async () => {
    const lines: string[] = [];
    const code = await runDispatch(parseDispatchArgs(['-meta', 'ADDRESS=10.1.1.1', '-n', NS, 'ping']), kc, (l) => lines.push(l));
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^Dispatched Job ID = ping\/dispatch-\d+-[0-9a-f]{8}$/);
    expect(lines[1]).toMatch(/^Evaluation ID {5}= <none> \(Dispatch e2e-dispatch\/ping-[0-9a-f]{6}; see `kubenomad status -n e2e-dispatch ping-dispatch-/);
    const refused: string[] = [];
    expect(await runDispatch(parseDispatchArgs(['-n', NS, 'ping']), kc, (l) => refused.push(l))).toBe(1);
    expect(refused[0]).toContain('Dispatch did not provide required meta key "ADDRESS"');
  }, 40_000);
});
