/**
 * Nomad's `restart` block for one task (client/allocrunner/taskrunner/restarts): attempts within an interval, then
 * mode `fail` (the allocation fails and `reschedule` applies) or `delay` (wait for the next interval). Kubernetes
 * restarts the containers (restartPolicy Always / OnFailure); this module decides, from the container's restart
 * count, when kubenomad must stop it. Pure: times come in as arguments.
 */
import type { JobType, RestartPolicy, Task, TaskGroup } from '../../crds/nomadjob-types.js';
import { durationOr } from './duration.js';

/** A restart policy with durations in milliseconds and Nomad's defaults applied. */
export interface ResolvedRestart {
  attempts: number;
  intervalMs: number;
  delayMs: number;
  mode: 'fail' | 'delay';
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SERVICE: ResolvedRestart = { attempts: 2, intervalMs: 30 * MINUTE, delayMs: 15_000, mode: 'fail' };
const BATCH: ResolvedRestart = { attempts: 3, intervalMs: 24 * HOUR, delayMs: 15_000, mode: 'fail' };
/** Nomad's DefaultServiceJobRestartPolicy and DefaultBatchJobRestartPolicy (system and sysbatch share them). */
export const RESTART_DEFAULTS: Record<JobType, ResolvedRestart> = { service: SERVICE, system: SERVICE, batch: BATCH, sysbatch: BATCH };

/** The task's effective policy: task block over group block over the job type's defaults, field by field. */
export function resolveRestart(type: JobType | undefined, group: TaskGroup, task?: Task): ResolvedRestart {
  const base = RESTART_DEFAULTS[type ?? 'service'];
  const merged: RestartPolicy = { ...group.restart, ...task?.restart };
  return {
    attempts: merged.attempts ?? base.attempts,
    intervalMs: durationOr(merged.interval, base.intervalMs),
    delayMs: durationOr(merged.delay, base.delayMs),
    mode: merged.mode ?? base.mode,
  };
}

/**
 * The current restart interval of a container (Nomad's restart tracker start time and count), as kubenomad
 * remembers it: it began at `startMs`, when the container had already failed `base` times.
 */
export interface RestartWindow {
  startMs: number;
  base: number;
}

/** What the restart tracker observes of one task's container. */
export interface TaskRestarts {
  /** Failures so far: the kubelet's restart count, plus one while the container waits to restart after a crash. */
  failures: number;
  /** When the container last terminated (epoch ms), if it ever did. */
  lastFailureMs?: number;
}

/** What to do about a task's restarts. */
export type RestartDecision =
  | { kind: 'ok'; count: number }
  | { kind: 'new-window'; window: RestartWindow }
  | { kind: 'fail'; count: number; message: string };

/**
 * Nomad's restart tracker over Kubernetes' restart count: a failure after the interval has passed opens a new
 * interval (that failure is not counted); more than `attempts` failures within one interval fail the allocation
 * (mode fail) or wait for the next interval (mode delay: the kubelet's back-off keeps restarting it).
 */
export function decideRestart(policy: ResolvedRestart, restarts: TaskRestarts, window: RestartWindow): RestartDecision {
  const count = restarts.failures - window.base;
  if (count <= 0) return { kind: 'ok', count: 0 };
  const last = restarts.lastFailureMs;
  if (last !== undefined && policy.intervalMs > 0 && last > window.startMs + policy.intervalMs) {
    return { kind: 'new-window', window: { startMs: last, base: restarts.failures } };
  }
  if (count <= policy.attempts || policy.mode === 'delay') return { kind: 'ok', count };
  return { kind: 'fail', count, message: `Exceeded allowed attempts ${policy.attempts} in interval ${formatMs(policy.intervalMs)} and mode is "fail"` };
}

/** A duration in Go's style for messages: 30m0s → "30m", 24h → "24h", 15s. */
export function formatMs(ms: number): string {
  if (ms % HOUR === 0 && ms > 0) return `${ms / HOUR}h`;
  if (ms % MINUTE === 0 && ms > 0) return `${ms / MINUTE}m`;
  return `${ms / 1000}s`;
}
