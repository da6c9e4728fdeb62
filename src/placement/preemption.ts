/**
 * Preemption for a task group (Nomad's PreemptForTaskGroup): among allocations of other jobs at least 10 priority
 * below ours, take the lowest priority group first and, within it, the allocation closest to what is still needed
 * (Euclidean distance over memory, cpu, disk, plus a max_parallel penalty); then drop the ones not needed
 * (filterSuperset). Null when even evicting every candidate would not fit.
 */
import type { NodeEntry } from './cluster-state.js';
import { jobKey } from './cluster-state.js';
import type { PlanContext } from './context.js';
import { addInto, clone, exceededDimension, zero } from './resources.js';
import type { Allocation, ResourceVector } from './types.js';

/** Nomad's minimum priority gap for a preemption. */
export const PRIORITY_DELTA = 10;
const MAX_PARALLEL_PENALTY = 50;

/** Euclidean distance between an ask and an allocation's use over memory, cpu and disk (basicResourceDistance). */
export function resourceDistance(ask: ResourceVector, used: ResourceVector): number {
  const coord = (a: number, u: number): number => (a > 0 ? (a - u) / a : 0);
  return Math.hypot(coord(ask.memory, used.memory), coord(ask.cpu, used.cpu), coord(ask.disk, used.disk));
}

function candidatesByPriority(entry: NodeEntry, ctx: PlanContext): Allocation[][] {
  const groups = new Map<number, Allocation[]>();
  for (const alloc of ctx.liveAllocations(entry)) {
    if (jobKey(alloc.namespace, alloc.jobId) === ctx.jobKey) continue;
    if (ctx.priority - alloc.priority < PRIORITY_DELTA) continue;
    const list = groups.get(alloc.priority) ?? [];
    list.push(alloc);
    groups.set(alloc.priority, list);
  }
  return [...groups.keys()].sort((a, b) => a - b).map((p) => groups.get(p) ?? []);
}

/** Capacity left on the node once this plan applies. */
function remaining(entry: NodeEntry, ctx: PlanContext): ResourceVector {
  const left = clone(entry.node.allocatable);
  addInto(left, entry.used, -1);
  const delta = ctx.delta(entry.id)?.used;
  if (delta) addInto(left, delta, -1);
  return left;
}

function fits(available: ResourceVector, ask: ResourceVector): boolean {
  const used = clone(ask);
  return exceededDimension(used, available) === null;
}

function penalty(alloc: Allocation, ctx: PlanContext, chosen: Allocation[]): number {
  const maxParallel = alloc.migrateMaxParallel ?? 1;
  const n = chosen.filter((c) => c.jobId === alloc.jobId && c.group === alloc.group).length + ctx.preemptedCount(alloc);
  return maxParallel > 0 && n >= maxParallel ? (n + 1 - maxParallel) * MAX_PARALLEL_PENALTY : 0;
}

function closest(group: Allocation[], needed: ResourceVector, ctx: PlanContext, chosen: Allocation[]): number {
  let best = 0;
  let bestDistance = Infinity;
  group.forEach((alloc, i) => {
    const d = resourceDistance(needed, alloc.resources) + penalty(alloc, ctx, chosen);
    if (d < bestDistance) [best, bestDistance] = [i, d];
  });
  return best;
}

/** The allocations to evict so `ask` fits on the node, or null. */
export function preemptFor(entry: NodeEntry, ctx: PlanContext, ask: ResourceVector): Allocation[] | null {
  const base = remaining(entry, ctx);
  const available = clone(base);
  const needed = clone(ask);
  const chosen: Allocation[] = [];
  for (const group of candidatesByPriority(entry, ctx)) {
    while (group.length > 0 && !fits(available, ask)) {
      const [alloc] = group.splice(closest(group, needed, ctx, chosen), 1);
      if (!alloc) break;
      chosen.push(alloc);
      addInto(available, alloc.resources);
      addInto(needed, alloc.resources, -1);
    }
    if (fits(available, ask)) return filterSuperset(chosen, base, ask);
  }
  return null;
}

/** Keeps, largest distance first, only as many chosen allocations as are needed. */
function filterSuperset(chosen: Allocation[], base: ResourceVector, ask: ResourceVector): Allocation[] {
  const sorted = [...chosen].sort((a, b) => resourceDistance(ask, b.resources) - resourceDistance(ask, a.resources));
  const available = clone(base);
  const kept: Allocation[] = [];
  for (const alloc of sorted) {
    kept.push(alloc);
    addInto(available, alloc.resources);
    if (fits(available, ask)) break;
  }
  return kept;
}

/** Sums allocations' resources. */
export function totalOf(allocs: Allocation[]): ResourceVector {
  const sum = zero();
  for (const a of allocs) addInto(sum, a.resources);
  return sum;
}
