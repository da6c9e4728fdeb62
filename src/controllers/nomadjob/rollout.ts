/**
 * The planner's side of a deployment: a slot whose running allocation is of an older version is replaced only
 * while the group's budget (deployment.ts: max_parallel minus allocations in flight) lasts; other slots are not
 * limited (missing, failed and lost allocations are replaced at once, as Nomad places them).
 */
import { isTerminal, type ObservedAlloc } from './observed.js';
import { statusOf, type PlanContext } from './plan-context.js';

/** Admits destructive updates of one group in one pass. */
export interface Rollout {
  /** Whether the slot may be planned now; counts it against the budget when it is a destructive update. */
  admits(allocs: ObservedAlloc[], version: string): boolean;
}

/** The rollout of a group for this pass (unlimited when the input has no budget for it). */
export function rolloutFor(ctx: PlanContext, group: string): Rollout {
  let budget = ctx.input.updateBudgets?.[group] ?? Infinity;
  return {
    admits(allocs, version) {
      const active = allocs.filter((a) => !isTerminal(statusOf(ctx, a)));
      const destructive = active.length > 0 && active.every((a) => a.version !== version);
      if (!destructive) return true;
      if (budget <= 0) return false;
      budget--;
      return true;
    },
  };
}
