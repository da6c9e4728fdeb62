/**
 * Pure planning of a periodic job: what to launch now, what to skip, when to come back and which
 * finished children to delete. Mirrors Nomad's periodic dispatcher (nomad/periodic.go) and its
 * leader-election restore (restorePeriodicDispatcher in nomad/leader.go); see README.md.
 */
import type { CompiledPeriodic } from './config.js';
import { nextLaunch } from './cron.js';
import { periodicChildId, periodicChildName } from './naming.js';

/** What the controller knows of one existing child. */
export interface PeriodicChild {
  name: string;
  /** Launch time (from the child's label or Nomad ID). */
  launchTime: Date;
  /** Nomad's RunningChildren: any non-terminal evaluation or allocation. */
  running: boolean;
}

/** The parent job, as far as planning needs it. */
export interface PeriodicParent {
  /** Kubernetes name. */
  name: string;
  /** Nomad job ID (spec.id, defaulting to the name). */
  id: string;
  createdAt: Date;
  /** Whether Nomad would track it (`isPeriodicActive`: enabled, not stopped, not parameterized). */
  active: boolean;
}

/** Everything a reconcile pass observed. */
export interface PeriodicPlanInput {
  parent: PeriodicParent;
  periodic: CompiledPeriodic;
  now: Date;
  /** status.lastLaunch. */
  lastLaunch?: Date;
  /** The tick this leader is waiting for (status.nextLaunch), only if computed by this leader for the current spec. */
  pendingLaunch?: Date;
  /** First pass for this job since this replica became leader: allows the one catch-up launch. */
  takeover: boolean;
  children: PeriodicChild[];
  /** Time of an unhandled force request (`nomad job periodic force`); names the forced child. */
  forceRequestedAt?: Date;
  /** Finished children to keep, newest first; undefined keeps all (Nomad leaves them to job GC). */
  historyLimit?: number;
}

/** Why a child is launched. */
export type LaunchReason = 'tick' | 'catch-up' | 'forced';

/** A child to create. Creating an existing name fails with AlreadyExists, which means "already done". */
export interface PlannedLaunch {
  name: string;
  id: string;
  launchTime: Date;
  reason: LaunchReason;
}

/** A tick not launched. */
export interface SkippedLaunch {
  tick: Date;
  reason: string;
}

/** The decision of one pass. */
export interface PeriodicPlan {
  launches: PlannedLaunch[];
  skipped: SkippedLaunch[];
  /** New status.nextLaunch (undefined: nothing scheduled). */
  nextLaunch?: Date;
  /** New status.lastLaunch. */
  lastLaunch?: Date;
  /** When to reconcile again (now when more ticks are already due). */
  requeueAt?: Date;
  /** Finished children beyond the history limit. */
  deleteChildren: string[];
  /** Requests that cannot be honoured (e.g. force on a disabled job). */
  errors: string[];
}

/** Decides the launches, skips, next wake-up and garbage collection of one reconcile pass. */
export function planPeriodic(input: PeriodicPlanInput): PeriodicPlan {
  const { parent, now } = input;
  const plan: PeriodicPlan = { launches: [], skipped: [], deleteChildren: childrenToDelete(input.children, input.historyLimit), errors: [] };
  if (!parent.active) {
    if (input.forceRequestedAt) plan.errors.push(`can't force run non-tracked job "${parent.id}": periodic launches are disabled, or the job is stopped or parameterized`);
    return { ...plan, lastLaunch: input.lastLaunch };
  }
  const launch = launcher(input, plan);
  // `periodic force` ignores prohibit_overlap (Nomad issue #5487) and does not move the schedule.
  if (input.forceRequestedAt) launch(input.forceRequestedAt, 'forced');
  const pending = input.takeover || !input.pendingLaunch ? track(input, plan, launch) : advance(input, input.pendingLaunch, plan, launch);
  plan.nextLaunch = pending;
  plan.requeueAt = pending && pending.getTime() <= now.getTime() ? now : pending;
  plan.lastLaunch = latest([input.lastLaunch, ...input.children.map((c) => c.launchTime), ...plan.launches.map((l) => l.launchTime)]);
  return plan;
}

type Launch = (at: Date, reason: LaunchReason) => void;

/** Adds a launch unless a child (or an earlier launch of this pass) already has its name. */
function launcher(input: PeriodicPlanInput, plan: PeriodicPlan): Launch {
  const existing = new Set(input.children.map((c) => c.name));
  return (at, reason) => {
    const name = periodicChildName(input.parent.name, at);
    if (existing.has(name) || plan.launches.some((l) => l.name === name)) return;
    plan.launches.push({ name, id: periodicChildId(input.parent.id, at), launchTime: at, reason });
  };
}

function next(input: PeriodicPlanInput, after: Date): Date | undefined {
  return nextLaunch(input.periodic.schedules, after, input.periodic.zone);
}

function overlapBlocked(input: PeriodicPlanInput): boolean {
  return input.periodic.prohibitOverlap && input.children.some((c) => c.running);
}

/**
 * (Re)tracking the job: Nomad computes the next launch from now. On leader takeover it first runs the
 * job once, at now, if the launch after the last recorded one was missed (restorePeriodicDispatcher).
 */
function track(input: PeriodicPlanInput, plan: PeriodicPlan, launch: Launch): Date | undefined {
  if (input.takeover) {
    // Nomad's launch record: the job's insertion time, then the launch time of each child created.
    const lastKnown = latest([input.lastLaunch, ...input.children.map((c) => c.launchTime)]) ?? input.parent.createdAt;
    const missed = next(input, lastKnown);
    if (missed && missed.getTime() < input.now.getTime()) {
      if (overlapBlocked(input)) plan.skipped.push({ tick: missed, reason: 'missed launch not caught up: prohibit_overlap and a child is running' });
      else launch(input.now, 'catch-up');
    }
  }
  return next(input, input.now);
}

/** The live leader's timer: launch the pending tick once it is due, then wait for the tick after it. */
function advance(input: PeriodicPlanInput, pending: Date, plan: PeriodicPlan, launch: Launch): Date | undefined {
  if (pending.getTime() > input.now.getTime()) return pending;
  const already = input.children.some((c) => c.name === periodicChildName(input.parent.name, pending));
  if (overlapBlocked(input) && !already) plan.skipped.push({ tick: pending, reason: 'prohibit_overlap: a previous child is still running' });
  else launch(pending, 'tick');
  return next(input, pending);
}

function latest(dates: Array<Date | undefined>): Date | undefined {
  let best: Date | undefined;
  for (const d of dates) if (d && (!best || d.getTime() > best.getTime())) best = d;
  return best;
}

/** Finished children beyond `limit`, oldest first to go; running children are never deleted. */
export function childrenToDelete(children: readonly PeriodicChild[], limit: number | undefined): string[] {
  if (limit === undefined) return [];
  const finished = children
    .filter((c) => !c.running)
    .sort((a, b) => b.launchTime.getTime() - a.launchTime.getTime() || b.name.localeCompare(a.name));
  return finished.slice(Math.max(0, limit)).map((c) => c.name);
}
