/**
 * The over-commit invariant while nodes flap NotReady → Ready (the 5,000-node bench: leases renewed late, lost
 * allocations replaced) and the cache shows only part of the pods between passes.
 */
import { describe, expect, it } from '@jest/globals';
import type { V1Node } from '@kubernetes/client-node';
import { readyNode } from './testing/fake-api.js';
import { NOW } from './testing/builders.js';
import { capacityWorld, JOB_KEY } from './testing/capacity-world.js';

function node(i: number, ready: boolean, sinceMs: number): V1Node {
  const n = readyNode({ name: `n${i}`, cpuCores: 8, cpuMhz: 1000, memoryMiB: 32768 }, ready);
  n.status!.conditions = [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: new Date(sinceMs) }];
  return n;
}

describe('NomadJob placement while nodes flap', () => {
  it('never puts more on a node than it has when lost allocations are replaced and their nodes come back', async () => {
    const nodes = 60, count = 900;
    let now = NOW.getTime();
    const { api, store, view, job, reconciler: r, overCommitted } = capacityWorld(count, { algorithm: 'binpack', placementBatch: 100, bestFitCandidates: 2, nodeLostGraceMs: 10_000 }, () => new Date(now));
    for (let i = 0; i < nodes; i++) view.upsertNode(node(i, true, now - 3_600_000));
    let tick = 0;
    /** Plays the informers, showing only every k-th pod event (deletions too): a lagging watch. */
    const sync = (k: number): void => {
      store.upsertJob(api.jobWithStatus(job));
      let i = 0;
      for (const pod of store.pods(JOB_KEY)) if (!api.pods.has(`default/${pod.metadata?.name}`) && i++ % k === 0) { store.deletePod(pod); view.deletePod(pod); }
      for (const pod of api.pods.values()) if ((i++ + tick) % k === 0) { store.upsertPod(pod); view.upsertPod(pod); }
    };
    sync(1);
    for (let pass = 0; pass < 12; pass++) { await r.reconcile(JOB_KEY); sync(1); }
    expect(api.pods.size).toBe(count);
    let replaced = 0;
    for (let round = 0; round < 6; round++) {
      const flapping = Array.from({ length: 6 }, (_, j) => (round * 7 + j * 5) % nodes);
      now += 1_000;
      for (const i of flapping) view.upsertNode(node(i, false, now));
      for (let pass = 0; pass < 4; pass++) { tick++; now += 5_000; await r.reconcile(JOB_KEY); sync(pass % 2 === 0 ? 3 : 5); }
      for (const i of flapping) view.upsertNode(node(i, true, now));
      for (let pass = 0; pass < 4; pass++) { tick++; now += 2_000; await r.reconcile(JOB_KEY); sync(pass % 2 === 0 ? 2 : 7); }
      expect({ round, over: overCommitted() }).toEqual({ round, over: [] });
      replaced = api.writes.filter((w) => w.op === 'deletePod').length;
    }
    expect(replaced).toBeGreaterThan(0); // lost allocations were replaced and stopped on the way
  }, 600_000);
});
