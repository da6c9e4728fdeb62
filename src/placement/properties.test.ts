import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { placeAllocations } from './place.js';
import { makeAlloc, makeNode, makeRequest } from './testing/builders.js';
import type { Allocation, ClusterSnapshot, Node, PlacementPlan, PlacementRequest } from './types.js';

type Of<A> = A extends fc.Arbitrary<infer T> ? T : never;

const nodeArb = fc.record({
  cpu: fc.integer({ min: 500, max: 8000 }),
  memory: fc.integer({ min: 512, max: 16384 }),
  pods: fc.integer({ min: 1, max: 10 }),
  ready: fc.boolean(),
  port: fc.option(fc.constantFrom(8080, 9090)),
});
const allocArb = fc.record({ node: fc.nat(), cpu: fc.integer({ min: 50, max: 3000 }), memory: fc.integer({ min: 64, max: 4096 }), priority: fc.integer({ min: 1, max: 100 }), port: fc.option(fc.constantFrom(8080, 9090, 20001)) });
const requestArb = fc.record({
  count: fc.integer({ min: 1, max: 12 }),
  cpu: fc.integer({ min: 50, max: 3000 }),
  memory: fc.integer({ min: 64, max: 4096 }),
  type: fc.constantFrom('service' as const, 'batch' as const),
  priority: fc.integer({ min: 1, max: 100 }),
  staticPort: fc.option(fc.constantFrom(8080, 9090)),
  dynamicPorts: fc.integer({ min: 0, max: 2 }),
});

/** Builds a cluster whose existing allocations fit (they are added only while they fit). */
function cluster(nodesIn: Of<typeof nodeArb>[], allocsIn: Of<typeof allocArb>[]): ClusterSnapshot {
  const nodes = nodesIn.map((n, i) => {
    const b = makeNode(`n${i}`).cpu(n.cpu).memory(n.memory).pods(n.pods);
    if (n.port !== null) b.usedPorts(n.port);
    if (!n.ready) b.notReady();
    return b.build();
  });
  const allocations: Allocation[] = [];
  for (const [i, a] of allocsIn.entries()) {
    const node = nodes[a.node % nodes.length] as Node;
    const alloc = makeAlloc(node.fingerprint.id, `a${i}`).job(`j${i % 3}`).priority(a.priority).cpu(a.cpu).memory(a.memory).disk(0).ports(...(a.port === null ? [] : [a.port])).build();
    if (fitsWith(node, allocations, alloc)) allocations.push(alloc);
  }
  return { nodes, allocations };
}

function fitsWith(node: Node, existing: Allocation[], alloc: Allocation): boolean {
  const on = [...existing.filter((a) => a.nodeId === node.fingerprint.id), alloc];
  const sum = (f: (a: Allocation) => number): number => on.reduce((s, a) => s + f(a), 0);
  const ports = [...(node.usedPorts ?? []), ...on.flatMap((a) => a.ports)];
  return sum((a) => a.resources.cpu) <= node.allocatable.cpu && sum((a) => a.resources.memory) <= node.allocatable.memory
    && on.length <= node.allocatable.pods && new Set(ports).size === ports.length;
}

function request(r: Of<typeof requestArb>): PlacementRequest {
  const ports = [...(r.staticPort === null ? [] : [{ label: 's', static: r.staticPort }]), ...Array.from({ length: r.dynamicPorts }, (_, i) => ({ label: `d${i}` }))];
  return makeRequest().type(r.type).priority(r.priority).count(r.count).cpu(r.cpu).memory(r.memory).disk(0).ports(...ports).build();
}

/** Every node's final allocations (existing − preempted + placed) within capacity and without port clashes. */
function assertNoOvercommit(snapshot: ClusterSnapshot, req: PlacementRequest, plan: PlacementPlan): void {
  const evicted = new Set(plan.preemptions.map((p) => p.allocId));
  for (const node of snapshot.nodes) {
    const id = node.fingerprint.id;
    const kept = snapshot.allocations.filter((a) => a.nodeId === id && !evicted.has(a.id));
    const placed = plan.placements.filter((p) => p.nodeId === id);
    const cpu = kept.reduce((s, a) => s + a.resources.cpu, 0) + placed.length * (req.group.resources.cpu ?? 0);
    const memory = kept.reduce((s, a) => s + a.resources.memory, 0) + placed.length * (req.group.resources.memory ?? 0);
    expect(cpu).toBeLessThanOrEqual(node.allocatable.cpu);
    expect(memory).toBeLessThanOrEqual(node.allocatable.memory);
    expect(kept.length + placed.length).toBeLessThanOrEqual(node.allocatable.pods);
    const ports = [...(node.usedPorts ?? []), ...kept.flatMap((a) => a.ports), ...placed.flatMap((p) => p.ports.map((x) => x.value))];
    expect(new Set(ports).size).toBe(ports.length);
  }
}

const scenario = fc.tuple(fc.array(nodeArb, { minLength: 1, maxLength: 8 }), fc.array(allocArb, { maxLength: 30 }), requestArb, fc.integer(), fc.boolean());

describe('placement properties', () => {
  it('never over-commits any node dimension or port', () => {
    fc.assert(fc.property(scenario, ([n, a, r, seed, preempt]) => {
      const snapshot = cluster(n, a);
      const req = request(r);
      const plan = placeAllocations(snapshot, req, { seed, preemption: { service: preempt, batch: preempt } });
      assertNoOvercommit(snapshot, req, plan);
      expect(plan.placements.length + (plan.failures[0]?.names.length ?? 0)).toBe(r.count);
    }), { numRuns: 300 });
  });

  it('never over-commits any node dimension or port with best-fit candidates', () => {
    fc.assert(fc.property(scenario, fc.integer({ min: 1, max: 4 }), ([n, a, r, seed, preempt], k) => {
      const snapshot = cluster(n, a);
      const req = request(r);
      const plan = placeAllocations(snapshot, req, { seed, bestFitCandidates: k, preemption: { service: preempt, batch: preempt } });
      assertNoOvercommit(snapshot, req, plan);
      expect(plan.placements.length + (plan.failures[0]?.names.length ?? 0)).toBe(r.count);
    }), { numRuns: 300 });
  });

  it('the same seed gives the same plan with best-fit candidates', () => {
    fc.assert(fc.property(scenario, fc.integer({ min: 1, max: 4 }), ([n, a, r, seed], k) => {
      const snapshot = cluster(n, a);
      const options = { seed, bestFitCandidates: k };
      expect(placeAllocations(snapshot, request(r), options)).toEqual(placeAllocations(snapshot, request(r), options));
    }), { numRuns: 100 });
  });

  it('a feasible placement is never reported as failed with best-fit candidates', () => {
    fc.assert(fc.property(scenario, fc.integer({ min: 1, max: 4 }), ([n, a, r, seed], k) => {
      const snapshot = cluster(n, a);
      const probe = makeAlloc('x', 'probe').cpu(r.cpu).memory(r.memory).ports(...(r.staticPort === null ? [] : [r.staticPort])).build();
      const feasible = snapshot.nodes.some((node) => node.ready && fitsWith(node, snapshot.allocations, { ...probe, nodeId: node.fingerprint.id }));
      expect(placeAllocations(snapshot, request({ ...r, count: 1 }), { seed, bestFitCandidates: k }).placements.length).toBe(feasible ? 1 : 0);
    }), { numRuns: 300 });
  });

  it('the same seed gives the same plan', () => {
    fc.assert(fc.property(scenario, ([n, a, r, seed]) => {
      const snapshot = cluster(n, a);
      expect(placeAllocations(snapshot, request(r), { seed })).toEqual(placeAllocations(snapshot, request(r), { seed }));
    }), { numRuns: 100 });
  });

  it('a feasible placement is never reported as failed', () => {
    fc.assert(fc.property(scenario, ([n, a, r, seed]) => {
      const snapshot = cluster(n, a);
      const req = request({ ...r, count: 1 });
      const probe = makeAlloc('x', 'probe').cpu(r.cpu).memory(r.memory).ports(...(r.staticPort === null ? [] : [r.staticPort])).build();
      const feasible = snapshot.nodes.some((node) => node.ready && fitsWith(node, snapshot.allocations, { ...probe, nodeId: node.fingerprint.id }));
      const plan = placeAllocations(snapshot, req, { seed });
      expect(plan.placements.length).toBe(feasible ? 1 : 0);
    }), { numRuns: 300 });
  });
});
