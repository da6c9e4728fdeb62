import { describe, expect, it, jest } from '@jest/globals';
import fc from 'fast-check';
import { DEFAULT_BEST_FIT_CANDIDATES } from './best-fit-source.js';
import { ClusterState } from './cluster-state.js';
import { placeAllocations } from './place.js';
import { makeAlloc, makeNode, makeNodes, makeRequest } from './testing/builders.js';
import type { Allocation, JobType, Node, PlacementPlan } from './types.js';
import { mhzOfMillicores, millicoresFor } from './units.js';

/** 8 cores × 1000 MHz, 32 GiB: the node. */
const bigNode = (id: string): Node => makeNode(id).cpu(8000).cores(8).memory(32768).millicoreCpu().build();
const used = (plan: PlacementPlan): number => new Set(plan.placements.map((p) => p.nodeId)).size;

/**
 * 600 nodes that are fuller than any fitting node but cannot hold the ask (more than the old 512-entry walk cap),
 * the two fullest nodes that can, and 100 empty ones.
 */
function crowded(full: [number, number], fits: [number, number], runnerUp: [number, number]): { nodes: Node[]; allocs: Allocation[] } {
  const nodes = [bigNode('fits'), bigNode('runner-up'), ...Array.from({ length: 700 }, (_, i) => bigNode(`n${i}`))];
  const allocs = [
    makeAlloc('fits', 'a-fits').cpu(fits[0]).memory(fits[1]).build(),
    makeAlloc('runner-up', 'a-runner-up').cpu(runnerUp[0]).memory(runnerUp[1]).build(),
    ...Array.from({ length: 600 }, (_, i) => makeAlloc(`n${i}`, `a${i}`).cpu(full[0]).memory(full[1]).build()),
  ];
  return { nodes, allocs };
}

describe('best fit ranks by the dimension that binds', () => {
  it.each<[string, { full: [number, number]; fits: [number, number]; runnerUp: [number, number]; ask: [number, number] }]>([
    // cpu-bound ask 500 MHz / 1 GiB. Key = 10^(free cpu share) + 10^(free memory share), smaller = fuller:
    // full      7800 MHz / 16 GiB used: 10^(200/8000) + 10^(16/32) = 1.06 + 3.16 = 4.22, but 200 MHz free < 500
    // fits      7000 MHz / 18 GiB used: 10^(1000/8000) + 10^(14/32) = 1.33 + 2.74 = 4.07 → the fullest that fits
    // runner-up 6000 MHz / 12 GiB used: 10^(2000/8000) + 10^(20/32) = 1.78 + 4.22 = 6.00
    ['cpu-bound', { full: [7800, 16384], fits: [7000, 18432], runnerUp: [6000, 12288], ask: [500, 1024] }],
    // memory-bound ask 250 MHz / 2 GiB:
    // full      2000 MHz / 31 GiB used: 10^(6000/8000) + 10^(1/32) = 5.62 + 1.07 = 6.70, but 1 GiB free < 2
    // fits      3000 MHz / 29 GiB used: 10^(5000/8000) + 10^(3/32) = 4.22 + 1.24 = 5.46 → the fullest that fits
    // runner-up 2000 MHz / 26 GiB used: 10^(6000/8000) + 10^(6/32) = 5.62 + 1.54 = 7.16
    ['memory-bound', { full: [2000, 31744], fits: [3000, 29696], runnerUp: [2000, 26624], ask: [250, 2048] }],
  ])('%s ask: the fullest node that fits wins, past 600 fuller nodes that cannot hold it', (_, c) => {
    const { nodes, allocs } = crowded(c.full, c.fits, c.runnerUp);
    for (const type of ['batch', 'service'] as const) {
      const req = makeRequest().type(type).cpu(c.ask[0]).memory(c.ask[1]).build();
      for (let seed = 0; seed < 5; seed++) {
        const plan = placeAllocations({ nodes, allocations: allocs }, req, { seed, bestFitCandidates: 2 });
        expect(plan.placements.map((p) => p.nodeId)).toEqual(['fits']);
        // the two options scored are `fits` and `runner-up`; the 600 fuller nodes were never evaluated
        expect(plan.placements[0]?.metric).toMatchObject({ nodesEvaluated: 2, nodesFiltered: 0, nodesExhausted: 0 });
        expect(plan.placements[0]?.metric.scoreMetaData.map((s) => s.nodeId).sort()).toEqual(['fits', 'runner-up']);
      }
    }
  });

  it('a cpu-bound job fills each node to its cpu before opening the next', () => {
    // 500 MHz / 1 GiB on 8000 MHz / 32 GiB: 16 per node by cpu (32 by memory)
    const nodes = Array.from({ length: 40 }, (_, i) => bigNode(`n${i}`));
    const plan = placeAllocations({ nodes, allocations: [] }, makeRequest().type('batch').count(160).cpu(500).memory(1024).build(), { seed: 1, bestFitCandidates: 2 });
    expect(plan.placements).toHaveLength(160);
    expect(used(plan)).toBeLessThanOrEqual(11); // ceil(160 / 16) = 10, + 1 where job-anti-affinity set the 2nd alloc apart
  });

  it('the default settings never build the index when the option is off', () => {
    const state = ClusterState.from({ nodes: makeNodes(20), allocations: [] });
    const build = jest.spyOn(state, 'freeIndex');
    placeAllocations(state, makeRequest().count(5).build(), { seed: 1 });
    placeAllocations(state, makeRequest().count(5).build(), { seed: 1, bestFitCandidates: 0 });
    expect(build).not.toHaveBeenCalled();
  });
});

const shape = fc.record({
  cores: fc.integer({ min: 2, max: 32 }),
  mhzPerCore: fc.constantFrom(1000, 2400, 3100),
  memory: fc.integer({ min: 4096, max: 131072 }),
  askCpu: fc.integer({ min: 50, max: 4000 }),
  askMemory: fc.integer({ min: 64, max: 16384 }),
});

describe('tight packing with the default settings (ADR 0004)', () => {
  it(`N identical asks on an empty homogeneous cluster use ceil(N / per node) nodes, within 2% (bestFitCandidates ${DEFAULT_BEST_FIT_CANDIDATES})`, () => {
    const arb = fc.tuple(shape, fc.integer({ min: 50, max: 120 }), fc.constantFrom<JobType>('batch', 'service'), fc.integer(), fc.boolean());
    fc.assert(fc.property(arb, ([s, ideal, type, seed, oneJob]) => {
      // Per node: whole millicores of the node's clock (units.ts), MB and the 110-pod limit.
      const perNode = Math.min(Math.floor((s.cores * 1000) / millicoresFor(s.askCpu, s.mhzPerCore)), Math.floor(s.memory / s.askMemory), 110);
      fc.pre(perNode >= 2 && perNode <= 40);
      const n = (ideal - 1) * perNode + 1 + (seed >>> 0) % perNode; // ceil(n / perNode) = ideal
      const state = ClusterState.from({ nodes: makeNodes(ideal * 2 + 10, (b) => b.cpu(s.cores * s.mhzPerCore).cores(s.cores).memory(s.memory).millicoreCpu(s.mhzPerCore)), allocations: [] });
      const held = mhzOfMillicores(millicoresFor(s.askCpu, s.mhzPerCore), s.mhzPerCore); // what each pod holds
      const options = { seed, bestFitCandidates: DEFAULT_BEST_FIT_CANDIDATES };
      // The asks as one job of count N, or as N jobs of one allocation each (a controller commits each plan).
      const counts = oneJob ? [n] : Array.from({ length: n }, () => 1);
      let placed = 0;
      counts.forEach((count, j) => {
        const plan = placeAllocations(state, makeRequest(`job-${j}`).type(type).count(count).cpu(s.askCpu).memory(s.askMemory).disk(0).build(), options);
        for (const [i, p] of plan.placements.entries()) state.upsertAllocation(makeAlloc(p.nodeId, `job-${j}-${i}`).job(`job-${j}`, 'web').cpu(held).memory(s.askMemory).disk(0).build());
        placed += plan.placements.length;
      });
      const nodesUsed = [...state.nodes.values()].filter((e) => e.used.pods > 0).length;
      expect(placed).toBe(n);
      expect(nodesUsed).toBeGreaterThanOrEqual(ideal);
      expect(nodesUsed).toBeLessThanOrEqual(Math.floor(ideal * 1.02)); // ideal ≥ 50: at most one node over
    }), { numRuns: 25 });
  });

  it("job-anti-affinity still ranks between the two fullest: a group splits over them rather than piling onto one", () => {
    // 10 nodes at 75% (6000 MHz / 24 GiB used); count 10 of 100 MHz / 300 MB. A second allocation on the first one's
    // node scores mean(binpack 0.92, anti-affinity −(1 + 1)/10) = 0.36, the next fullest node 0.92 (one score), so
    // it goes there; from then on the two fullest both hold the group and take turns: 5 + 5. (With 1 candidate only a
    // score ≤ 0 moves an allocation on: 9 + 1. Nomad's sample: 10 nodes.) distinct_hosts keeps every one apart.
    const nodes = Array.from({ length: 10 }, (_, i) => bigNode(`n${i}`));
    const allocs = nodes.map((n, i) => makeAlloc(n.fingerprint.id, `x${i}`).cpu(6000).memory(24576).build());
    const options = { bestFitCandidates: DEFAULT_BEST_FIT_CANDIDATES };
    const perNode = (plan: PlacementPlan): number[] => {
      const counts = new Map<string, number>();
      for (const p of plan.placements) counts.set(p.nodeId, (counts.get(p.nodeId) ?? 0) + 1);
      return [...counts.values()].sort((a, b) => b - a);
    };
    for (let seed = 0; seed < 5; seed++) {
      const plan = placeAllocations({ nodes, allocations: allocs }, makeRequest().count(10).build(), { ...options, seed });
      expect(perNode(plan)).toEqual([5, 5]);
      const apart = placeAllocations({ nodes, allocations: allocs }, makeRequest().count(10).jobConstraint('', 'distinct_hosts').build(), { ...options, seed });
      expect(used(apart)).toBe(10);
    }
  });
});
