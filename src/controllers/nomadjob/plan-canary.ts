/**
 * A group whose deployment waits for promotion (Nomad's canaries): the first `canaries` slots each get an
 * allocation of the new version beside the old one, which keeps running; other slots keep their old allocations.
 * Slots without an active old allocation follow the usual rules. With 0 canaries (a failed deployment), the
 * canaries standing beside old allocations are stopped and the old ones keep serving.
 */
import type { AllocSlot } from './alloc-name.js';
import { isTerminal, type ObservedAlloc } from './observed.js';
import { create, statusOf, stop, type PlanContext } from './plan-context.js';
import { planSlot, type SlotRules } from './plan-slot.js';

/** Plans one slot of a group in its canary phase; `canary` says whether the slot holds one of the canaries. */
export function planCanarySlot(ctx: PlanContext, slot: AllocSlot, allocs: ObservedAlloc[], rules: SlotRules, canary: boolean): void {
  const active = (a: ObservedAlloc): boolean => !isTerminal(statusOf(ctx, a));
  if (!allocs.some((a) => a.version !== rules.version && active(a))) {
    planSlot(ctx, slot, allocs, rules); // nothing old to protect
    return;
  }
  const current = allocs.filter((a) => a.version === rules.version);
  if (!canary) {
    for (const a of current.filter(active)) stop(ctx, a, 'canary-stopped');
    return;
  }
  if (current.length > 0) planSlot(ctx, slot, current, rules);
  else create(ctx, slot, { version: rules.version, reason: 'canary' });
}
