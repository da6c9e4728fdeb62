/**
 * The Periodic status from one pass (pure): next and last launch, the launch record (children with
 * their outcome, newest first, plus skipped ticks) and the Scheduled condition.
 */
import type { NomadJob } from '../../crds/nomadjob-types.js';
import type { PeriodicLaunch, PeriodicStatus } from '../../crds/periodic-types.js';
import { withTransitions, type ConditionDraft } from '../nomadjob/conditions.js';
import { ANNOTATION_PERIODIC_LAUNCH_REASON } from './naming.js';
import { childLaunchTime, childOutcome } from './observe.js';
import type { PeriodicPlan } from './plan.js';

/** Condition type: whether the schedule is valid and launching. */
export const SCHEDULED = 'Scheduled';
/** How many skipped ticks the status remembers. */
export const MAX_SKIPPED_RECORDS = 20;

/** What the status is computed from. */
export interface PeriodicStatusInput {
  previous?: PeriodicStatus;
  generation?: number;
  /** Children after this pass's launches and deletions. */
  children: readonly NomadJob[];
  plan?: PeriodicPlan;
  /** The effective cron expressions (status.cron, shown in the Cron column). */
  crons?: readonly string[];
  /** Validation problems (the schedule is not tracked) or why nothing is scheduled. */
  condition: ConditionDraft;
  now: Date;
}

/** Child launches, newest first. */
function childLaunches(children: readonly NomadJob[]): PeriodicLaunch[] {
  return children.flatMap((c) => {
    const at = childLaunchTime(c);
    if (!at || !c.metadata.name) return [];
    const reason = c.metadata.annotations?.[ANNOTATION_PERIODIC_LAUNCH_REASON];
    const launch: PeriodicLaunch = { time: at.toISOString(), childJob: c.metadata.name, outcome: childOutcome(c) };
    if (reason && reason !== 'tick') launch.reason = reason;
    return [launch];
  });
}

/** Skipped ticks: remembered ones plus this pass's, without duplicates, newest first, bounded. */
function skippedLaunches(previous: PeriodicStatus | undefined, plan: PeriodicPlan | undefined): PeriodicLaunch[] {
  const byTime = new Map<string, PeriodicLaunch>();
  for (const l of previous?.launches ?? []) if (l.outcome === 'skipped') byTime.set(l.time, l);
  for (const s of plan?.skipped ?? []) byTime.set(s.tick.toISOString(), { time: s.tick.toISOString(), outcome: 'skipped', reason: s.reason });
  return newestFirst([...byTime.values()]).slice(0, MAX_SKIPPED_RECORDS);
}

function newestFirst(launches: PeriodicLaunch[]): PeriodicLaunch[] {
  return launches.sort((a, b) => Date.parse(b.time) - Date.parse(a.time) || (a.outcome === 'skipped' ? 1 : -1));
}

/** The status to write; a second pass over the same state yields the same object. */
export function buildPeriodicStatus(input: PeriodicStatusInput): PeriodicStatus {
  const { plan, previous } = input;
  const status: PeriodicStatus = {
    launches: newestFirst([...childLaunches(input.children), ...skippedLaunches(previous, plan)]),
    conditions: withTransitions([input.condition], previous?.conditions, input.now, input.generation),
  };
  if (input.generation !== undefined) status.observedGeneration = input.generation;
  if (input.crons?.length) status.cron = input.crons.join(', ');
  if (plan?.nextLaunch) status.nextLaunch = plan.nextLaunch.toISOString();
  const last = plan ? plan.lastLaunch : previous?.lastLaunch ? new Date(previous.lastLaunch) : undefined;
  if (last) status.lastLaunch = last.toISOString();
  return status;
}
