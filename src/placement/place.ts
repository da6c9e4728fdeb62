/** placeAllocations: service and batch placement of N allocations of one group, each accounted before the next. */
import { candidateNodes } from './checkers/candidates.js';
import type { ClusterState } from './cluster-state.js';
import { asState } from './cluster-state.js';
import { PlanContext } from './context.js';
import { planInPlace } from './in-place.js';
import { commitPlacement, emptyPlan, recordFailure } from './plan-builder.js';
import { createRng } from './rng.js';
import { newGenericStack, nodeCheckers } from './stack.js';
import type { ClusterSnapshot, JobType, PlacementAsk, PlacementOptions, PlacementPlan, PlacementRequest, PreemptionSwitches } from './types.js';

/** Nomad's default preemption switches: only the system scheduler preempts. */
export const DEFAULT_PREEMPTION: PreemptionSwitches = { system: true, sysbatch: false, batch: false, service: false };

/** Whether preemption is on for a job type under these options. */
export function preemptionEnabled(type: JobType, options: PlacementOptions): boolean {
  return { ...DEFAULT_PREEMPTION, ...options.preemption }[type];
}

/** The asks of a request: explicit ones, or `count` asks named `<job>.<group>[i]`. */
export function asksOf(request: PlacementRequest): PlacementAsk[] {
  if (request.asks) return request.asks;
  const count = request.count ?? request.group.count;
  return Array.from({ length: count }, (_, i) => ({ name: `${request.job.id}.${request.group.name}[${i}]` }));
}

/** Builds the plan context: seeded rng, stopped allocations and replaced ones removed from view. */
export function newContext(cluster: ClusterSnapshot | ClusterState, request: PlacementRequest, options: PlacementOptions, asks: PlacementAsk[]): PlanContext {
  const state = asState(cluster);
  const ctx = new PlanContext(state, request, options, createRng(options.seed));
  const stopped = [...(request.stopping ?? []), ...asks.map((a) => a.previousAllocId)];
  for (const id of stopped) {
    const alloc = id === undefined ? undefined : state.allocations.get(id);
    if (alloc) ctx.remove(alloc);
  }
  return ctx;
}

/** Places the request's allocations (service/batch), returning placements, failures and preemptions. */
export function placeAllocations(cluster: ClusterSnapshot | ClusterState, request: PlacementRequest, options: PlacementOptions): PlacementPlan {
  const asks = asksOf(request);
  const ctx = newContext(cluster, request, options, asks);
  const plan = emptyPlan(ctx);
  const inPlace = planInPlace(ctx, nodeCheckers(ctx));
  plan.inPlace = inPlace.results;
  const candidates = candidateNodes(ctx.state, request.job);
  const stack = newGenericStack(ctx, candidates);
  const preempt = preemptionEnabled(request.job.type, options);
  for (const ask of [...asks, ...inPlace.replacements]) {
    if (plan.failures.length > 0) {
      // Nomad stops trying once a group failed: the rest are coalesced into the first failure.
      recordFailure(plan, ask, ctx.metric);
      continue;
    }
    const option = stack.select(ask, false) ?? (preempt ? stack.select(ask, true) : null);
    if (option) commitPlacement(plan, ctx, ask, option);
    else recordFailure(plan, ask, ctx.metric);
  }
  return plan;
}
