import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { FreeIndex, holds } from './best-fit.js';
import type { Scalars } from './best-fit.js';
import { ClusterState } from './cluster-state.js';
import { placeAllocations } from './place.js';
import { askFloor, askOnNode } from './resources.js';
import { makeAlloc, makeNode, makeNodes, makeRequest } from './testing/builders.js';
import type { Allocation, GroupResources, Node, PlacementOptions, PlacementPlan, PlacementRequest } from './types.js';

const place = (nodes: Node[], allocations: Allocation[], request: PlacementRequest, options: Partial<PlacementOptions> = {}): PlacementPlan =>
  placeAllocations({ nodes, allocations }, request, { seed: 1, ...options });
const nodesOf = (plan: PlacementPlan): string[] => plan.placements.map((p) => p.nodeId);
const order = (index: FreeIndex): string[] => index.items().map((i) => i.entry.id);
/** What a fresh index over the state's current usage would hold. */
const rebuilt = (state: ClusterState): string[] => order(FreeIndex.build(state.nodes.values()));

/** 40 empty 8 GiB nodes, plus `fuller` (6 GiB used: fits 1 GiB) and `full` (7.5 GiB used: does not fit 1 GiB). */
function mostlyEmpty(): { nodes: Node[]; allocs: Allocation[] } {
  const nodes = [...makeNodes(40), makeNode('fuller').build(), makeNode('full').build()];
  const allocs = [makeAlloc('fuller').memory(6144).build(), makeAlloc('full').memory(7680).build()];
  return { nodes, allocs };
}

describe('best-fit candidates (PlacementOptions.bestFitCandidates)', () => {
  it('best-fit candidates fill the fullest fitting node first', () => {
    const { nodes, allocs } = mostlyEmpty();
    const req = makeRequest().memory(1024).build();
    const batch = makeRequest().type('batch').memory(1024).build();
    for (let seed = 0; seed < 20; seed++) {
      expect(nodesOf(place(nodes, allocs, req, { seed, bestFitCandidates: 2 }))).toEqual(['fuller']);
      // batch: limit 2 = both options from the index; `full` is never offered, as it cannot fit
      const plan = place(nodes, allocs, batch, { seed, bestFitCandidates: 2 });
      expect(nodesOf(plan)).toEqual(['fuller']);
      expect(plan.placements[0]?.metric).toMatchObject({ nodesEvaluated: 2, nodesExhausted: 0 });
    }
  });

  it('without the option the random scan usually misses the fullest node (Nomad default unchanged)', () => {
    const { nodes, allocs } = mostlyEmpty();
    const req = makeRequest().memory(1024).build();
    const chosen = Array.from({ length: 20 }, (_, seed) => nodesOf(place(nodes, allocs, req, { seed }))[0]);
    expect(chosen.filter((id) => id !== 'fuller').length).toBeGreaterThan(0);
    for (let seed = 0; seed < 20; seed++) {
      expect(place(nodes, allocs, req, { seed, bestFitCandidates: 0 })).toEqual(place(nodes, allocs, req, { seed }));
    }
  });

  it('candidates from the index still go through feasibility: a filtered fullest node is counted and skipped', () => {
    const nodes = [...makeNodes(40), makeNode('fuller').attr('kernel.name', 'windows').build(), makeNode('next').build()];
    const allocs = [makeAlloc('fuller').memory(6144).build(), makeAlloc('next').memory(4096).build()];
    const req = makeRequest().memory(1024).constraint('${attr.kernel.name}', '=', 'linux').build();
    const plan = place(nodes, allocs, req, { bestFitCandidates: 1 });
    expect(nodesOf(plan)).toEqual(['next']);
    expect(plan.placements[0]?.metric.nodesFiltered).toBeGreaterThanOrEqual(1);
    expect(plan.placements[0]?.metric.constraintFiltered).toMatchObject({ '${attr.kernel.name} = linux': 1 });
  });

  it("a plan's own placements re-order the index: a node the plan filled is not offered again", () => {
    const nodes = [...makeNodes(30), makeNode('fuller').build()];
    const allocs = [makeAlloc('fuller').memory(7168).build()]; // 1 GiB free: room for exactly one
    const plan = place(nodes, allocs, makeRequest().type('batch').count(2).memory(1024).build(), { bestFitCandidates: 2 });
    expect(nodesOf(plan)[0]).toBe('fuller');
    expect(nodesOf(plan)[1]).not.toBe('fuller');
    expect(plan.placements[1]?.metric.nodesExhausted).toBe(0);
  });

  it('the spread algorithm ignores the option', () => {
    const { nodes, allocs } = mostlyEmpty();
    const req = makeRequest().memory(1024).build();
    expect(place(nodes, allocs, req, { algorithm: 'spread', bestFitCandidates: 4 })).toEqual(place(nodes, allocs, req, { algorithm: 'spread' }));
  });

  it('a plan never modifies the state: its index view is copy-on-write', () => {
    const state = ClusterState.from({ nodes: makeNodes(300, (b) => b.memory(65536)), allocations: [] });
    for (let i = 0; i < 300; i += 7) state.upsertAllocation(makeAlloc(`node-${i}`, `x${i}`).memory(64 * i).build());
    const before = order(state.freeIndex());
    const plan = placeAllocations(state, makeRequest().count(200).memory(2048).build(), { seed: 3, bestFitCandidates: 2 });
    expect(plan.placements).toHaveLength(200);
    expect(order(state.freeIndex())).toEqual(before);
    expect(order(state.freeIndex())).toEqual(rebuilt(state));
  });

  it('same seed same plan with best-fit candidates', () => {
    const nodes = makeNodes(60, (b) => b.memory(16384));
    const allocs = nodes.flatMap((n, i) => (i % 3 === 0 ? [makeAlloc(n.fingerprint.id, `e${i}`).memory(1000 + 97 * i).build()] : []));
    const req = makeRequest().count(40).memory(700).build();
    const options = { seed: 'eval-1', bestFitCandidates: 2 };
    expect(placeAllocations({ nodes, allocations: allocs }, req, options)).toEqual(placeAllocations({ nodes, allocations: allocs }, req, options));
    // When the candidates cover the whole limit (batch: 2) the plan no longer depends on the order nodes arrived in.
    const batch = makeRequest().type('batch').count(40).memory(700).build();
    const a = placeAllocations({ nodes, allocations: allocs }, batch, options);
    const b = placeAllocations({ nodes: [...nodes].reverse(), allocations: [...allocs].reverse() }, batch, options);
    expect(nodesOf(a)).toEqual(nodesOf(b));
  });

  it('the state index stays equal to a rebuild through node and allocation upserts and removals', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('alloc' as const), node: fc.nat(199), id: fc.nat(400), memory: fc.integer({ min: 0, max: 4096 }), cpu: fc.integer({ min: 0, max: 2000 }) }),
      fc.record({ kind: fc.constant('stop' as const), id: fc.nat(400) }),
      fc.record({ kind: fc.constant('node' as const), node: fc.nat(199), memory: fc.integer({ min: 1024, max: 65536 }) }),
      fc.record({ kind: fc.constant('drop' as const), node: fc.nat(199) }),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
      const state = ClusterState.from({ nodes: makeNodes(200), allocations: [] });
      state.freeIndex(); // from here on it is maintained incrementally
      for (const o of ops) {
        if (o.kind === 'alloc') state.upsertAllocation(makeAlloc(`node-${o.node}`, `a${o.id}`).memory(o.memory).cpu(o.cpu).build());
        else if (o.kind === 'stop') state.removeAllocation(`a${o.id}`);
        else if (o.kind === 'node') state.upsertNode(makeNode(`node-${o.node}`).memory(o.memory).build());
        else state.removeNode(`node-${o.node}`);
      }
      expect(order(state.freeIndex())).toEqual(rebuilt(state));
      expect(state.freeIndex().size).toBe(state.nodes.size);
    }), { numRuns: 60 });
  });

  it('a walk yields exactly the nodes that can hold the ask, fullest first, however the index was updated', () => {
    // Deltas below zero (stops) leave more free than capacity, so any node may become a block's most free.
    const need = fc.record({ cpu: fc.integer({ min: 0, max: 6000 }), cores: fc.integer({ min: 0, max: 2 }), memory: fc.integer({ min: 0, max: 12288 }), disk: fc.constant(0), pods: fc.constant(1) });
    const op = fc.record({ node: fc.nat(199), cpu: fc.integer({ min: -2000, max: 4000 }), memory: fc.integer({ min: -4096, max: 8192 }), cores: fc.integer({ min: 0, max: 2 }), pods: fc.integer({ min: 0, max: 40 }) });
    fc.assert(fc.property(fc.array(op, { maxLength: 400 }), fc.array(need, { minLength: 1, maxLength: 8 }), (ops, needs) => {
      const state = ClusterState.from({ nodes: makeNodes(200, (b) => b.cpu(4000).memory(8192).pods(110)), allocations: [] });
      state.freeIndex();
      const view = state.freeIndex().clone(); // a plan's view: re-keyed by deltas, as PlanContext.account does
      for (const o of ops) {
        const entry = state.nodes.get(`node-${o.node}`);
        if (!entry) continue;
        const delta = { cpu: o.cpu, cores: o.cores, memory: o.memory, disk: 0, pods: o.pods, extended: {} };
        if (view.remove(entry)) view.insert(entry, delta);
      }
      for (const n of needs as Scalars[]) {
        const walked: string[] = [];
        const cursor = view.walk(n);
        for (let item = cursor.next(); item !== null; item = cursor.next()) walked.push(item.entry.id);
        expect(walked).toEqual(view.items().filter((i) => holds(i, n)).map((i) => i.entry.id));
      }
      const keys = view.items().map((i) => i.key);
      expect(keys).toEqual([...keys].sort((x, y) => x - y));
    }), { numRuns: 100 });
  });

  it("the ask's floor never exceeds what it holds on any node (so the walk never passes over a node that fits)", () => {
    const ask = fc.record({
      cpu: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
      taskCpu: fc.option(fc.array(fc.integer({ min: 1, max: 2000 }), { minLength: 1, maxLength: 3 }), { nil: undefined }),
      cpuMillicores: fc.option(fc.integer({ min: 1, max: 4000 }), { nil: undefined }),
      cores: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
      memory: fc.option(fc.integer({ min: 1, max: 9000 }), { nil: undefined }),
      disk: fc.option(fc.integer({ min: 0, max: 9000 }), { nil: undefined }),
    });
    const node = fc.record({ clock: fc.constantFrom(1000, 2200, 2400, 3100, 3333), millicoreCpu: fc.boolean() });
    fc.assert(fc.property(ask, node, (a, n) => {
      const resources = Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as GroupResources;
      const b = makeNode('n').attr('cpu.frequency', String(n.clock));
      const held = askOnNode(resources, (n.millicoreCpu ? b.millicoreCpu() : b).build());
      const floor = askFloor(resources);
      expect(holds({ ...held }, floor)).toBe(true);
    }), { numRuns: 300 });
  });

  it('a cloned index and its parent evolve independently', () => {
    const state = ClusterState.from({ nodes: makeNodes(500), allocations: [] });
    const parent = state.freeIndex();
    const child = parent.clone();
    const entries = [...state.nodes.values()];
    for (const e of entries.slice(0, 250)) {
      child.remove(e);
      child.insert(e, { cpu: 0, cores: 0, memory: 100 + e.id.length, disk: 0, pods: 0, extended: {} });
    }
    for (const e of entries.slice(250, 260)) parent.remove(e);
    expect(parent.size).toBe(490);
    expect(child.size).toBe(500);
    expect(order(parent)).toEqual(order(FreeIndex.build(entries.slice(0, 250).concat(entries.slice(260)))));
    const keys = child.items().map((i) => i.key);
    expect(keys).toEqual([...keys].sort((x, y) => x - y));
  });
});
