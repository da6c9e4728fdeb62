/** The local control plane is real: kubectl and the client talk to kube-apiserver; kwok runs fake nodes and pods; kcm collects garbage. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { createFakeNodes, deleteFakeNodes } from '../../src/local-cluster/bootstrap.js';
import { COMPLETE_AFTER_ANNOTATION, FAIL_AFTER_ANNOTATION } from '../../src/local-cluster/kwok-stages.js';
import { waitFor } from '../../src/local-cluster/readiness.js';
import { toApiError } from '../../src/k8s/objects.js';
import { createNamespace, deleteNamespace, kubeConfig, kubectl } from './support/cluster.js';

const NS = 'e2e-control-plane';
const NODES = ['cp-node-a', 'cp-node-b'];

let kc: KubeConfig;
let core: CoreV1Api;

beforeAll(async () => {
  kc = kubeConfig();
  core = kc.makeApiClient(CoreV1Api);
  await createNamespace(kc, NS);
  await createFakeNodes(kc, [
    { name: NODES[0]!, datacenter: 'dc1', nodeClass: 'general', cpuCores: 8, memoryMiB: 16384, meta: { rack: 'r1' } },
    { name: NODES[1]!, datacenter: 'dc2', cpuCores: 4, memoryMiB: 8192 },
  ]);
}, 60_000);

afterAll(async () => {
  await deleteFakeNodes(kc, NODES);
  await deleteNamespace(kc, NS);
});

const boundPod = (name: string, annotations: Record<string, string> = {}): V1Pod => ({
  metadata: { name, namespace: NS, annotations },
  spec: { nodeName: NODES[0], restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36' }] },
});

async function phaseOf(name: string): Promise<string | undefined> {
  return (await core.readNamespacedPod({ name, namespace: NS })).status?.phase;
}

describe('local control plane', () => {
  it('serves the same Kubernetes version to kubectl and to the client', () => {
    const r = kubectl(['version', '-o', 'json']);
    expect(r.status).toBe(0);
    const v = JSON.parse(r.stdout) as { clientVersion: { gitVersion: string }; serverVersion: { gitVersion: string } };
    expect(v.serverVersion.gitVersion).toMatch(/^v1\.\d+\.\d+/);
    expect(v.clientVersion.gitVersion).toBe(v.serverVersion.gitVersion);
  });

  it('lists fake nodes as Ready with fingerprint labels and realistic allocatable', async () => {
    await waitFor('fake nodes Ready', async () => {
      const nodes = await Promise.all(NODES.map((name) => core.readNode({ name })));
      return nodes.every((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
    }, 60_000);
    const r = kubectl(['get', 'node', NODES[0]!, '-o', 'json']);
    expect(r.status).toBe(0);
    const node = JSON.parse(r.stdout) as { metadata: { labels: Record<string, string> }; status: { allocatable: Record<string, string> } };
    expect(node.metadata.labels).toMatchObject({
      'kubenomad.io/datacenter': 'dc1',
      'kubenomad.io/node-class': 'general',
      'kubernetes.io/hostname': NODES[0],
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'attr.kubenomad.io/cpu.frequency': '2400',
      'attr.kubenomad.io/kernel.version': '6.1.0-kwok',
      'meta.kubenomad.io/rack': 'r1',
    });
    expect(node.status.allocatable).toMatchObject({ cpu: '8', memory: '16Gi', pods: '110', 'ephemeral-storage': '100Gi' });
  }, 70_000);

  it('lists the three kubenomad CRDs', () => {
    const r = kubectl(['get', 'crd', '-o', 'name']);
    expect(r.stdout).toContain('nomadjobs.kubenomad.io');
    expect(r.stdout).toContain('dispatches.kubenomad.io');
    expect(r.stdout).toContain('periodics.kubenomad.io');
  });

  it('runs a pod bound to a fake node, and finishes it when its annotation asks', async () => {
    await core.createNamespacedPod({ namespace: NS, body: boundPod('runs') });
    await core.createNamespacedPod({ namespace: NS, body: boundPod('succeeds', { [COMPLETE_AFTER_ANNOTATION]: '1s' }) });
    await core.createNamespacedPod({ namespace: NS, body: boundPod('fails', { [FAIL_AFTER_ANNOTATION]: '1s', 'kwok.kubenomad.io/exit-code': '3' }) });
    await waitFor('pod runs', async () => (await phaseOf('runs')) === 'Running', 30_000);
    await waitFor('pod succeeds', async () => (await phaseOf('succeeds')) === 'Succeeded', 30_000);
    await waitFor('pod fails', async () => (await phaseOf('fails')) === 'Failed', 30_000);
    const failed = await core.readNamespacedPod({ name: 'fails', namespace: NS });
    expect(failed.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).toBe(3);
  }, 60_000);

  it('garbage-collects objects whose owner is deleted (kube-controller-manager runs)', async () => {
    const owner = await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'owner' } } });
    await core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'dependent', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata!.uid! }] } },
    });
    await core.deleteNamespacedConfigMap({ name: 'owner', namespace: NS });
    await waitFor('dependent collected', async () => {
      try {
        await core.readNamespacedConfigMap({ name: 'dependent', namespace: NS });
        return false;
      } catch (err) {
        // Only "not found" means collected; any other error (connection, 403) must fail the test.
        if (toApiError(err).code === 404) return true;
        throw err;
      }
    }, 60_000);
  }, 70_000);
});
