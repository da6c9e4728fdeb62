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
  const { parent, periodic, now } = input;
  const plan: PeriodicPlan = { launches: [], skipped: [], deleteChildren: childrenToDelete(input.children, input.historyLimit), errors: [] };
  // Nomad's launch record: the job's insertion time, then the launch time of each child created.
  const lastKnown = latest([input.lastLaunch, ...input.children.map((c) => c.launchTime)]) ?? parent.createdAt;
  if (!parent.active) {
    if (input.forceRequestedAt) plan.errors.push(`can't force run non-tracked job "${parent.id}": periodic launches are disabled, or the job is stopped or parameterized`);
    return { ...plan, lastLaunch: input.lastLaunch };
  }
  const next = (after: Date): Date | undefined => nextLaunch(periodic.schedules, after, periodic.zone);
  const blocked = periodic.prohibitOverlap && input.children.some((c) => c.running);
  const existing = new Set(input.children.map((c) => c.name));
  const launch = (at: Date, reason: LaunchReason): void => {
    const name = periodicChildName(parent.name, at);
    if (!existing.has(name) && !plan.launches.some((l) => l.name === name)) {
      plan.launches.push({ name, id: periodicChildId(parent.id, at), launchTime: at, reason });
    }
  };

  // `periodic force` ignores prohibit_overlap (Nomad issue #5487) and does not move the schedule.
  if (input.forceRequestedAt) launch(input.forceRequestedAt, 'forced');

  let pending = input.takeover ? undefined : input.pendingLaunch;
  if (pending === undefined) {
    // (Re)tracking the job: Nomad computes the next launch from now. On leader takeover it first runs
    // the job once, at now, if the launch after the last recorded one was missed.
    const missed = input.takeover ? next(lastKnown) : undefined;
    if (missed && missed.getTime() < now.getTime()) {
      if (blocked) plan.skipped.push({ tick: missed, reason: 'missed launch not caught up: prohibit_overlap and a child is running' });
      else launch(now, 'catch-up');
    }
    pending = next(now);
  } else if (pending.getTime() <= now.getTime()) {
    const tick = pending;
    const already = existing.has(periodicChildName(parent.name, tick));
    if (blocked && !already) plan.skipped.push({ tick, reason: 'prohibit_overlap: a previous child is still running' });
    else launch(tick, 'tick');
    pending = next(tick);
  }
  plan.nextLaunch = pending;
  plan.requeueAt = pending && pending.getTime() <= now.getTime() ? now : pending;
  plan.lastLaunch = latest([input.lastLaunch, ...input.children.map((c) => c.launchTime), ...plan.launches.map((l) => l.launchTime)]);
  return plan;
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
