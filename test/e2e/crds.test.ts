/** The CRDs on a real kube-apiserver: valid objects are accepted, invalid ones rejected with a useful message (kubectl and client). */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import * as yaml from 'js-yaml';
import { crdExamples } from '../../src/crds/index.js';
import { toApiError } from '../../src/k8s/objects.js';
import { createNamespace, deleteNamespace, kubeConfig, kubectl } from './support/cluster.js';

const NS = 'e2e-crds';
const PLURAL = { NomadJob: 'nomadjobs', Dispatch: 'dispatches', Periodic: 'periodics' } as const;
let kc: KubeConfig;

beforeAll(async () => {
  kc = kubeConfig();
  await createNamespace(kc, NS);
}, 60_000);
afterAll(async () => deleteNamespace(kc, NS));

const withName = (o: Record<string, unknown>, suffix: string): Record<string, unknown> => {
  const md = (o.metadata ?? {}) as Record<string, unknown>;
  return { ...o, metadata: { ...md, name: `${String(md.name ?? 'x')}-${suffix}`.slice(0, 60), namespace: NS } };
};

describe('CRDs on the real apiserver', () => {
  const valid = crdExamples.filter((e) => !e.rejects);
  const invalid = crdExamples.filter((e) => e.rejects);

  it.each(valid.map((e, i) => [e.name, e, i] as const))('accepts with kubectl: %s', (_n, example, i) => {
    const r = kubectl(['apply', '-f', '-'], yaml.dump(withName(example.object, `k${i}`)));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.each(invalid.map((e, i) => [e.name, e, i] as const))('rejects with kubectl: %s', (_n, example, i) => {
    const r = kubectl(['create', '-f', '-'], yaml.dump(withName(example.object, `k${i}`)));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(example.rejects);
  });

  it.each(invalid.map((e, i) => [e.name, e, i] as const))('rejects with the client library: %s', async (_n, example, i) => {
    const api = kc.makeApiClient(CustomObjectsApi);
    const body = withName(example.object, `c${i}`);
    const err = await api
      .createNamespacedCustomObject({ group: 'kubenomad.io', version: 'v1alpha1', namespace: NS, plural: PLURAL[example.kind], body })
      .then(() => undefined, (e: unknown) => toApiError(e));
    expect(err?.code).toBe(422);
    expect(err?.message).toContain(example.rejects);
  });

  it('explains nomadjob.spec with kubectl explain', () => {
    const r = kubectl(['explain', 'nomadjob.spec.groups.tasks.resources']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/MHz/);
  });

  it('shows printer columns for NomadJobs', () => {
    const r = kubectl(['get', 'nomadjobs', '-n', NS]);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/NAME\s+TYPE\s+STATUS\s+DESIRED\s+RUNNING\s+VERSION\s+DEPLOYMENT\s+AGE/);
  });
});
