/** Synthetic clusters for the bench: homogeneous nodes, 10–100 small allocations already placed on each. */
import { ClusterState } from '../cluster-state.js';
import { createRng } from '../rng.js';
import type { Node } from '../types.js';

/** A bench node: 32 cores × 1000 MHz, 64 GiB, 250 pods, in one of 4 datacenters and 20 racks. */
export function benchNode(i: number): Node {
  const id = `node-${i}`;
  return {
    fingerprint: {
      id, name: id, datacenter: `dc${i % 4}`, nodeClass: i % 2 === 0 ? 'general' : 'compute', nodePool: 'default',
      attributes: { 'kernel.name': 'linux', 'cpu.arch': 'amd64', 'unique.hostname': id }, meta: { rack: `r${i % 20}` },
    },
    allocatable: { cpu: 32000, cores: 32, memory: 65536, disk: 500000, pods: 250, extended: {} },
    ready: true,
    schedulable: true,
  };
}

/** A state with `nodes` nodes each holding 10–100 allocations (seeded). */
export function benchState(nodes: number, seed = 7): { state: ClusterState; allocs: number } {
  const rng = createRng(seed);
  const state = new ClusterState();
  let allocs = 0;
  for (let i = 0; i < nodes; i++) {
    state.upsertNode(benchNode(i));
    const n = 10 + rng.int(91);
    for (let k = 0; k < n; k++) {
      state.upsertAllocation({
        id: `a-${i}-${k}`, nodeId: `node-${i}`, jobId: `existing-${rng.int(500)}`, group: 'g', priority: 50,
        resources: { cpu: 100 + rng.int(150), cores: 0, memory: 128 + rng.int(384), disk: 100, pods: 1, extended: {} },
        ports: k % 4 === 0 ? [20000 + rng.int(12000)] : [],
      });
      allocs++;
    }
  }
  return { state, allocs };
}
