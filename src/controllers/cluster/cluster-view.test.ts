import { describe, expect, it } from '@jest/globals';
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { ClusterView, CONFIRMED_TTL_MS } from './cluster-view.js';

const node = (name: string, cpu = '4', memory = '8Gi', mhz = '2500'): V1Node => ({
  metadata: { name, uid: `uid-${name}`, labels: { 'attr.kubenomad.io/cpu.frequency': mhz, 'kubenomad.io/datacenter': 'dc1' } },
  status: { allocatable: { cpu, memory, pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
});

const pod = (name: string, nodeName: string | undefined, phase = 'Running', cpu = '500m', memory = '256Mi'): V1Pod => ({
  metadata: { name, namespace: 'ns', labels: { 'kubenomad.io/job': 'redis', 'kubenomad.io/group': 'cache' } },
  spec: { nodeName, containers: [{ name: 'redis', resources: { requests: { cpu, memory } }, ports: [{ containerPort: 6379, hostPort: 23456 }] }] },
  status: { phase },
});

describe('ClusterView', () => {
  it('converts node capacity to Nomad units using the node CPU clock', () => {
    const v = new ClusterView();
    v.upsertNode(node('n1'));
    // 4 cores × 2500 MHz = 10000 MHz; 8Gi = 8192 MB
    expect(v.node('n1')?.allocatable).toMatchObject({ cpu: 10000, memory: 8192, pods: 110 });
  });

  it('counts a running pod against its node, in MHz of that node', () => {
    const v = new ClusterView();
    v.upsertNode(node('n1'));
    v.upsertPod(pod('redis-0', 'n1'));
    const [a] = [...v.snapshot(0).allocations.values()];
    // 500m × 2500 MHz = 1250 MHz
    expect(a).toMatchObject({ id: 'ns/redis-0', nodeId: 'uid-n1', jobId: 'redis', namespace: 'ns', group: 'cache', ports: [23456] });
    expect(a?.resources).toMatchObject({ cpu: 1250, memory: 256, pods: 1 });
  });

  it('frees resources when a pod completes or is deleted', () => {
    const v = new ClusterView();
    v.upsertNode(node('n1'));
    v.upsertPod(pod('a', 'n1'));
    v.upsertPod(pod('b', 'n1'));
    expect(v.snapshot(0).allocations.size).toBe(2); // both counted first, so the 0 below is a release
    v.upsertPod(pod('a', 'n1', 'Succeeded'));
    v.deletePod(pod('b', 'n1'));
    expect(v.snapshot(0).allocations.size).toBe(0);
  });

  it('keeps an assumed placement until the pod shows up bound, then counts it once', () => {
    const v = new ClusterView();
    v.upsertNode(node('n1'));
    v.assume({ id: 'ns/a', nodeId: 'uid-n1', jobId: 'ns/redis', group: 'cache', priority: 50, ports: [], resources: { cpu: 1, cores: 0, memory: 1, disk: 0, pods: 1, extended: {} } }, 0);
    expect(v.snapshot(10).allocations.size).toBe(1);
    v.upsertPod(pod('a', 'n1'));
    expect(v.snapshot(10).allocations.size).toBe(1);
  });

  it('expires an assumption whose pod never appeared', () => {
    const v = new ClusterView();
    v.assume({ id: 'ns/x', nodeId: 'uid-n1', jobId: 'j', group: 'g', priority: 50, ports: [], resources: { cpu: 1, cores: 0, memory: 1, disk: 0, pods: 1, extended: {} } }, 0, 100);
    expect(v.snapshot(50).allocations.size).toBe(1); // held within its 100 ms
    expect(v.snapshot(101).allocations.size).toBe(0);
  });

  it('keeps holding a created pod\'s node while the watch lags far past the assumption TTL (no over-commit)', () => {
    const v = new ClusterView();
    v.upsertNode(node('n1'));
    v.assume({ id: 'ns/late', nodeId: 'uid-n1', jobId: 'j', group: 'g', priority: 50, ports: [], resources: { cpu: 1, cores: 0, memory: 1, disk: 0, pods: 1, extended: {} } }, 0, 100);
    v.confirm('ns/late', 50); // the create succeeded
    expect(v.snapshot(5 * 60_000).allocations.size).toBe(1); // minutes later, still held
    v.upsertPod(pod('late', 'n1'));
    expect(v.snapshot(CONFIRMED_TTL_MS * 2).allocations.size).toBe(1); // observed: counted as the pod, once
  });

  it('counts a pod that arrived before its node once the node appears', () => {
    const v = new ClusterView();
    v.upsertPod(pod('early', 'n2'));
    v.upsertNode(node('n2'));
    expect([...v.snapshot(0).allocations.keys()]).toEqual(['ns/early']);
  });

  it('counts an unbound allocation pod on the node it was created for', () => {
    const v = new ClusterView();
    v.upsertNode(node('n1'));
    const p = pod('created-not-bound', undefined, 'Pending');
    p.metadata!.annotations = { 'kubenomad.io/target-node': 'n1' };
    v.upsertPod(p);
    expect([...v.snapshot(0).allocations.values()].map((a) => a.nodeId)).toEqual(['uid-n1']);
  });
});
