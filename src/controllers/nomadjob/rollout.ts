/**
 * The planner's side of a deployment, for the slots of a group that do not simply keep their allocation: a slot
 * whose running allocation is of an older version is replaced only while the group's budget (max_parallel minus
 * allocations in flight) lasts; while canaries wait for promotion the slots go through plan-canary.ts; everything
 * else (missing, failed and lost allocations) is planned at once, as Nomad places them.
 */
import type { AllocSlot } from './alloc-name.js';
import { isTerminal, type ObservedAlloc } from './observed.js';
import { statusOf, type PlanContext } from './plan-context.js';
import { planCanarySlot } from './plan-canary.js';
import { planSlot, type SlotRules } from './plan-slot.js';

/** Plans the slots of one group in one pass, spending its budget of destructive updates. */
export interface Rollout {
  plan(slot: AllocSlot, allocs: ObservedAlloc[], rules: SlotRules): void;
}

/** The rollout of a group for this pass (unlimited when the input has no budget for it). */
export function rolloutFor(ctx: PlanContext, group: string): Rollout {
  let budget = ctx.input.updateBudgets?.[group] ?? Infinity;
  const canaries = ctx.input.canaries?.[group];
  return {
    plan(slot, allocs, rules) {
      if (canaries !== undefined) return planCanarySlot(ctx, slot, allocs, rules, slot.index < canaries);
      const active = allocs.filter((a) => !isTerminal(statusOf(ctx, a)));
      const destructive = active.length > 0 && active.every((a) => a.version !== rules.version);
      if (destructive && budget <= 0) return; // outdated: waits for the deployment's next step
      if (destructive) budget--;
      planSlot(ctx, slot, allocs, rules);
    },
  };
}
