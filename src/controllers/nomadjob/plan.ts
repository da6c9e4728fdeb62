/**
 * The NomadJob planner (pure): observed allocation pods in, the allocations to create, keep and stop out.
 * Service and batch groups keep `count` indexed slots; system and sysbatch jobs are planned in plan-system.ts.
 */
import type { TaskGroup } from '../../crds/nomadjob-types.js';
import { isTerminal, type ObservedAlloc } from './observed.js';
import { deferEmpty, finish, groupBy, isParentJob, newContext, quotaLeft, statusOf, stop, type PlanContext } from './plan-context.js';
import { planSlot, type SlotRules } from './plan-slot.js';
import { planSystemGroup } from './plan-system.js';
import type { JobPlan, PlanInput } from './plan-types.js';
import { resolveDisconnect } from './disconnect.js';
import { drainOf, planMigrations, resolveMigrate } from './drain.js';
import { resolveReschedule } from './reschedule.js';
import { rolloutFor } from './rollout.js';
import { groupVersion } from './version.js';

export type * from './plan-types.js';

/** Plans a job: level-based and idempotent (the same observation always gives the same plan). */
export function planJob(input: PlanInput): JobPlan {
  const ctx = newContext(input);
  const { spec } = input.job;
  if (input.job.deleting || spec.stop || isParentJob(input.job)) {
    stopEverything(ctx, input.job.deleting === true);
    return finish(ctx);
  }
  const groups = spec.groups ?? [];
  const byGroup = groupBy(ctx.live, (a) => a.group);
  for (const [name, allocs] of byGroup) {
    if (!groups.some((g) => g.name === name)) for (const alloc of allocs) stop(ctx, alloc, 'group-removed');
  }
  const system = spec.type === 'system' || spec.type === 'sysbatch';
  for (const group of groups) {
    const allocs = byGroup.get(group.name) ?? [];
    if (system) planSystemGroup(ctx, group, allocs);
    else planCountGroup(ctx, group, allocs);
  }
  return finish(ctx);
}

/** Job stopped (keep complete and failed allocations as history) or deleted (stop all). */
function stopEverything(ctx: PlanContext, deleting: boolean): void {
  for (const alloc of ctx.live) {
    const status = statusOf(ctx, alloc);
    if (deleting || (status !== 'complete' && status !== 'failed')) stop(ctx, alloc, 'job-stopped');
  }
}

/** The slot rules of a service or batch group. */
function countRules(ctx: PlanContext, group: TaskGroup): SlotRules {
  const { spec } = ctx.input.job;
  return {
    version: groupVersion(spec, group),
    runsToCompletion: spec.type === 'batch',
    reschedule: resolveReschedule(spec, group),
    replaceLost: true,
    disconnect: resolveDisconnect(group),
    migrate: resolveMigrate(spec, group),
  };
}

/**
 * Allocations by index below `count` (those at or above it stop: scale down). One allocation per index is the norm,
 * so they go in an array and lists are built only where an index has several (100,000 slots allocate nothing).
 */
function byIndex(ctx: PlanContext, allocs: ObservedAlloc[], count: number): { first: Array<ObservedAlloc | undefined>; several: Map<number, ObservedAlloc[]> } {
  const first: Array<ObservedAlloc | undefined> = new Array(count);
  const several = new Map<number, ObservedAlloc[]>();
  for (const alloc of allocs) {
    if (alloc.index >= count) stop(ctx, alloc, 'scale-down');
    else if (first[alloc.index] === undefined) first[alloc.index] = alloc;
    else several.set(alloc.index, [...(several.get(alloc.index) ?? [first[alloc.index]!]), alloc]);
  }
  return { first, several };
}

/** Service and batch: slots 0..count-1; allocations at higher indexes stop (scale down). */
function planCountGroup(ctx: PlanContext, group: TaskGroup, allocs: ObservedAlloc[]): void {
  const count = group.count ?? 1;
  const rules = countRules(ctx, group);
  const { first, several } = byIndex(ctx, allocs, count);
  const rollout = rolloutFor(ctx, group.name); // the deployment's budget and canaries
  for (let index = 0; index < count; index++) {
    const only = first[index];
    if (only === undefined && ctx.input.canaries?.[group.name] === undefined) {
      // An empty slot (no canaries pending): create it, or (quota used up) count it for a later pass, allocating nothing.
      if (quotaLeft(ctx)) planSlot(ctx, { group: group.name, index }, [], rules);
      else deferEmpty(ctx, group.name);
      continue;
    }
    if (only && !several.has(index) && only.version === rules.version && !isTerminal(statusOf(ctx, only)) && !drainOf(ctx, only)) continue; // kept
    rollout.plan({ group: group.name, index }, several.get(index) ?? (only ? [only] : []), rules);
  }
  planMigrations(ctx, group, allocs.filter((a) => a.index < count), rules.version);
}
