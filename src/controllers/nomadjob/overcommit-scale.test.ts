/**
 * The over-commit invariant at bench scale, in-process: one batch job of 10,000 allocations of 500 MHz / 1 GiB on
 * 1,000 nodes of 8 cores at 1000 MHz / 32 GiB, placed in passes of 500 with the operator's default tight packing
 * (best fit, 2 candidates), while the informer shows only part of the created pods between passes.
 */
import { describe, expect, it } from '@jest/globals';
import { readyNode } from './testing/fake-api.js';
import { capacityWorld, JOB_KEY } from './testing/capacity-world.js';

describe('NomadJob placement at scale', () => {
  it('never puts more on a node than it has while the cache shows only some of the created pods', async () => {
    const nodes = 1000, count = 10000;
    const { api, store, view, job, reconciler, usedByNode, overCommitted } = capacityWorld(count, { algorithm: 'binpack', placementBatch: 500, bestFitCandidates: 2 });
    for (let i = 0; i < nodes; i++) view.upsertNode(readyNode({ name: `n${i}`, cpuCores: 8, cpuMhz: 1000, memoryMiB: 32768 }));
    const sync = (k: number): void => { store.upsertJob(api.jobWithStatus(job)); let i = 0; for (const pod of api.pods.values()) { if (i++ % k === 0) { store.upsertPod(pod); view.upsertPod(pod); } } };
    sync(1);
    for (let i = 0; i < 25; i++) { await reconciler.reconcile(JOB_KEY); sync(i % 3 === 0 ? 1 : 7); }
    sync(1);
    expect(api.pods.size).toBe(count);
    expect(overCommitted()).toEqual([]);
    expect(usedByNode().size).toBeLessThanOrEqual(Math.ceil((count / 16) * 1.02));
  }, 600_000);
});
