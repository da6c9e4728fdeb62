/** The Placed and Healthy conditions of a NomadJob, from its summary and plan. */
import type { GroupSummary, PlacementFailure } from '../../crds/nomadjob-types.js';
import { HEALTHY, PLACED, type ConditionDraft } from './conditions.js';
import type { JobPlan, JobRef } from './plan-types.js';

/** What the conditions are decided from. */
export interface ConditionFacts {
  job: JobRef;
  groups: GroupSummary[];
  desired: number;
  running: number;
  plan: JobPlan;
  failures: PlacementFailure[];
  /** Writes that failed in this pass. */
  applyErrors?: string[];
}

const total = (groups: GroupSummary[], key: keyof GroupSummary): number => groups.reduce((n, s) => n + s[key], 0);
const allocs = (n: number): string => `${n} allocation${n === 1 ? '' : 's'}`;
const stopped = (job: JobRef): boolean => job.spec.stop === true || job.deleting === true;

/** Placed: every wanted allocation is on a node. */
export function placedCondition(facts: ConditionFacts): ConditionDraft {
  if (stopped(facts.job)) return { type: PLACED, status: 'False', reason: 'JobStopped', message: 'The job is stopped' };
  if (facts.applyErrors?.length) {
    const more = facts.applyErrors.length > 5 ? `\n… and ${facts.applyErrors.length - 5} more` : '';
    return { type: PLACED, status: 'False', reason: 'ApplyFailed', message: facts.applyErrors.slice(0, 5).join('\n') + more };
  }
  const failed = facts.failures.reduce((n, f) => n + f.failedAllocations, 0);
  if (failed > 0) {
    const message = facts.failures.map((f) => f.message).filter((m) => m).join('\n') || `Failed to place ${allocs(failed)}`;
    return { type: PLACED, status: 'False', reason: 'PlacementFailed', message };
  }
  const queued = total(facts.groups, 'queued'); // unbound pods, outstanding and deferred creates
  if (queued > 0) return { type: PLACED, status: 'False', reason: 'Queued', message: `${allocs(queued)} waiting for placement` };
  return { type: PLACED, status: 'True', reason: 'AllPlaced', message: 'All allocations are placed' };
}

/** Healthy: nothing failed or lost, and every desired allocation runs (or, for batch, ran to completion). */
export function healthyCondition(facts: ConditionFacts): ConditionDraft {
  const { job, groups, plan } = facts;
  if (stopped(job)) return { type: HEALTHY, status: 'False', reason: 'JobStopped', message: 'The job is stopped' };
  if (plan.exhausted.length > 0) {
    return { type: HEALTHY, status: 'False', reason: 'AllocationsFailed', message: `${allocs(plan.exhausted.length)} failed and will not be rescheduled` };
  }
  if (plan.waiting.length > 0) {
    return { type: HEALTHY, status: 'False', reason: 'Rescheduling', message: `${allocs(plan.waiting.length)} failed, waiting for the reschedule delay` };
  }
  const lost = total(groups, 'lost');
  if (lost > 0) return { type: HEALTHY, status: 'False', reason: 'AllocationsLost', message: `${allocs(lost)} lost with their node` };
  const batch = job.spec.type === 'batch' || job.spec.type === 'sysbatch';
  const complete = total(groups, 'complete');
  if (batch && complete >= facts.desired) return { type: HEALTHY, status: 'True', reason: 'Complete', message: 'All allocations completed' };
  if (batch || facts.running >= facts.desired) {
    return { type: HEALTHY, status: 'True', reason: 'Running', message: `${facts.running} of ${facts.desired} running` };
  }
  return { type: HEALTHY, status: 'False', reason: 'Starting', message: `${facts.running} of ${facts.desired} running` };
}
