/**
 * Server-side rescheduling of failed allocations (Nomad's `reschedule` block, `Allocation.NextDelay`,
 * `RescheduleEligible`). Events travel with the replacement pod in an annotation.
 */
import type { JobType, NomadJobSpec, ReschedulePolicy, TaskGroup } from '../../crds/nomadjob-types.js';
import { durationOr } from './duration.js';

/** One past reschedule (Nomad's RescheduleEvent): when, after which delay, from which alloc and node. */
export interface RescheduleEvent {
  /** Epoch milliseconds of the reschedule. */
  at: number;
  /** The delay applied, in milliseconds. */
  delayMs: number;
  prevAllocId?: string;
  prevNode?: string;
}

/** A reschedule policy with durations in milliseconds and defaults applied. */
export interface ResolvedReschedule {
  attempts: number;
  intervalMs: number;
  delayMs: number;
  delayFunction: 'constant' | 'exponential' | 'fibonacci';
  maxDelayMs: number;
  unlimited: boolean;
}

const HOUR = 3_600_000;
/** Nomad's defaults per job type; system and sysbatch do not reschedule. */
const DEFAULTS: Record<JobType, ResolvedReschedule> = {
  service: { attempts: 0, intervalMs: 0, delayMs: 30_000, delayFunction: 'exponential', maxDelayMs: HOUR, unlimited: true },
  batch: { attempts: 1, intervalMs: 24 * HOUR, delayMs: 5_000, delayFunction: 'constant', maxDelayMs: 0, unlimited: false },
  system: { attempts: 0, intervalMs: 0, delayMs: 0, delayFunction: 'constant', maxDelayMs: 0, unlimited: false },
  sysbatch: { attempts: 0, intervalMs: 0, delayMs: 0, delayFunction: 'constant', maxDelayMs: 0, unlimited: false },
};

/** Unlimited policies keep only the last few events (Nomad keeps 5). */
export const MAX_UNLIMITED_EVENTS = 5;
/** A reschedule due within this window happens now (Nomad's rescheduleWindowSize). */
export const RESCHEDULE_WINDOW_MS = 1_000;

/** The group's effective policy: group block over job block over the job type's defaults. */
export function resolveReschedule(spec: NomadJobSpec, group: TaskGroup): ResolvedReschedule {
  const base = DEFAULTS[spec.type ?? 'service'];
  const merged: ReschedulePolicy = { ...spec.reschedule, ...group.reschedule };
  return {
    attempts: merged.attempts ?? base.attempts,
    intervalMs: durationOr(merged.interval, base.intervalMs),
    delayMs: durationOr(merged.delay, base.delayMs),
    delayFunction: merged.delayFunction ?? base.delayFunction,
    maxDelayMs: durationOr(merged.maxDelay, base.maxDelayMs),
    unlimited: merged.unlimited ?? (merged.attempts !== undefined && merged.attempts > 0 ? false : base.unlimited),
  };
}

/** The delay before the next reschedule, given the events so far and the time of the failure. */
export function nextDelay(policy: ResolvedReschedule, events: RescheduleEvent[], failedAt: number): number {
  const last = events[events.length - 1];
  if (last === undefined) return policy.delayMs;
  let delay = policy.delayMs;
  if (policy.delayFunction === 'constant') return delay;
  if (policy.delayFunction === 'exponential') delay = last.delayMs * 2;
  const secondLast = events[events.length - 2];
  if (policy.delayFunction === 'fibonacci' && secondLast !== undefined) {
    const restarted = secondLast.delayMs === policy.maxDelayMs && last.delayMs === policy.delayMs;
    delay = restarted ? last.delayMs : last.delayMs + secondLast.delayMs;
  }
  if (policy.maxDelayMs > 0 && delay > policy.maxDelayMs) {
    // Capped: once the allocation ran longer than max_delay since the last reschedule, the series restarts.
    delay = failedAt - last.at > policy.maxDelayMs ? policy.delayMs : policy.maxDelayMs;
  }
  return delay;
}

/** Whether a failed allocation may be rescheduled at all (attempts left within the interval). */
export function rescheduleEligible(policy: ResolvedReschedule, events: RescheduleEvent[], failedAt: number): boolean {
  if (policy.unlimited) return true;
  if (policy.attempts <= 0) return false;
  const recent = events.filter((event) => failedAt - event.at < policy.intervalMs).length;
  return recent < policy.attempts && nextDelay(policy, events, failedAt) < policy.intervalMs;
}

/** What to do with a failed allocation now: reschedule (with its event), wait, or give up. */
export type RescheduleDecision =
  | { kind: 'now'; event: RescheduleEvent; events: RescheduleEvent[] }
  | { kind: 'wait'; waitMs: number }
  | { kind: 'exhausted' };

/** Decides the reschedule of an allocation that failed at `failedAt` (ms), given `now` (ms). */
export function decideReschedule(
  policy: ResolvedReschedule, events: RescheduleEvent[], failedAt: number, now: number,
): RescheduleDecision {
  if (!rescheduleEligible(policy, events, failedAt)) return { kind: 'exhausted' };
  const delayMs = nextDelay(policy, events, failedAt);
  const dueAt = failedAt + delayMs;
  if (dueAt - now > RESCHEDULE_WINDOW_MS) return { kind: 'wait', waitMs: dueAt - now };
  const event: RescheduleEvent = { at: now, delayMs };
  const kept = policy.unlimited ? events.slice(-(MAX_UNLIMITED_EVENTS - 1)) : events;
  return { kind: 'now', event, events: [...kept, event] };
}

/** Reads events from the reschedule annotation (malformed → none). */
export function parseEvents(text: string | undefined): RescheduleEvent[] {
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter(isEvent) : [];
  } catch {
    return [];
  }
}

function isEvent(value: unknown): value is RescheduleEvent {
  const event = value as Partial<RescheduleEvent> | null;
  return typeof event?.at === 'number' && typeof event.delayMs === 'number';
}

/** Writes events for the reschedule annotation. */
export function formatEvents(events: RescheduleEvent[]): string {
  return JSON.stringify(events);
}
