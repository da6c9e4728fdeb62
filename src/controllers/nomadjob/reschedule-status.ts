/** Pending reschedules for NomadJob status (pure): each failed allocation waiting for its delay, and when it is due. */
import type { PendingReschedule } from '../../crds/nomadjob-types.js';
import type { JobPlan } from './plan-types.js';

/**
 * The plan's reschedule waits as due times, whole seconds (a wait is `failedAt + delay − now`, so the due time does
 * not move between passes: a second reconcile writes nothing), sorted by pod name.
 */
export function pendingReschedules(plan: Pick<JobPlan, 'waiting'>, now: Date): PendingReschedule[] {
  return plan.waiting
    .filter((w) => w.reschedule)
    .map((w) => ({ pod: w.podName, group: w.group, index: w.index, nextAttemptAt: new Date(Math.ceil((now.getTime() + w.waitMs) / 1000) * 1000).toISOString().replace('.000Z', 'Z') }))
    .sort((a, b) => (a.pod < b.pod ? -1 : a.pod > b.pod ? 1 : 0));
}
