/**
 * Node drain as Nomad's drainer does it (pure): allocations of a service or batch group on a draining node are
 * migrated — a replacement is placed elsewhere first and the original stopped once the replacement has been healthy
 * for `min_healthy_time` — at most `migrate.max_parallel` of a group at once; at the drain's deadline the rest are
 * stopped and replaced at once. System allocations stay with `ignore_system`, else until the deadline.
 */
import type { MigrateStrategy, NomadJobSpec, TaskGroup } from '../../crds/nomadjob-types.js';
import { durationOr } from './duration.js';
import { isTerminal, type ObservedAlloc } from './observed.js';
import { create, statusOf, stop, type PlanContext } from './plan-context.js';
import type { DrainSpec } from '../cluster/node-drain.js';

export { DRAIN_ANNOTATION, parseDrain, type DrainSpec } from '../cluster/node-drain.js';

/** The group's migrate strategy with Nomad's defaults (max_parallel 1, min_healthy_time 10s, healthy_deadline 5m). */
export interface ResolvedMigrate { maxParallel: number; minHealthyTimeMs: number; healthyDeadlineMs: number }

/** Group block over job block over Nomad's defaults. */
export function resolveMigrate(spec: NomadJobSpec, group: TaskGroup): ResolvedMigrate {
  const m: MigrateStrategy = { ...spec.migrate, ...group.migrate };
  return { maxParallel: m.maxParallel ?? 1, minHealthyTimeMs: durationOr(m.minHealthyTime, 10_000), healthyDeadlineMs: durationOr(m.healthyDeadline, 300_000) };
}

/** Whether a drain's deadline has passed. */
export const deadlinePassed = (drain: DrainSpec, nowMs: number): boolean => drain.deadlineMs !== undefined && nowMs >= drain.deadlineMs;

/** The drain of the node an allocation is on, if that node drains. */
export function drainOf(ctx: PlanContext, alloc: ObservedAlloc): DrainSpec | undefined {
  const node = alloc.pod.nodeName;
  return node ? ctx.input.draining?.[node] : undefined;
}

/** How long a replacement has been ready (ms), 0 when it is not ready. */
function readyFor(ctx: PlanContext, alloc: ObservedAlloc): number {
  const since = alloc.pod.readySince ? Date.parse(alloc.pod.readySince) : NaN;
  return statusOf(ctx, alloc) === 'running' && Number.isFinite(since) ? ctx.nowMs - since : 0;
}

/**
 * Two active allocations in a slot, `kept` off the draining node and `original` on it: stop the original once the
 * replacement has been healthy for min_healthy_time (or at the deadline); true when it is kept for now.
 */
export function keepMigrating(ctx: PlanContext, kept: ObservedAlloc, original: ObservedAlloc, migrate: ResolvedMigrate): boolean {
  const drain = drainOf(ctx, original);
  if (!drain || drainOf(ctx, kept)) return false;
  if (deadlinePassed(drain, ctx.nowMs)) return false;
  const healthy = readyFor(ctx, kept);
  if (healthy >= migrate.minHealthyTimeMs) return false;
  const wait = healthy > 0 ? migrate.minHealthyTimeMs - healthy : 1_000;
  ctx.plan.waiting.push({ podName: original.pod.name, group: original.group, index: original.index, waitMs: Math.min(wait, remaining(drain, ctx.nowMs)) });
  return true;
}

const remaining = (drain: DrainSpec, nowMs: number): number => (drain.deadlineMs === undefined ? Infinity : Math.max(1, drain.deadlineMs - nowMs));

/** Order of active allocations of a slot: those off draining nodes first, so a migrated original is the one retired. */
export function drainFirst(ctx: PlanContext): (a: ObservedAlloc, b: ObservedAlloc) => number {
  return (a, b) => Number(drainOf(ctx, a) !== undefined) - Number(drainOf(ctx, b) !== undefined);
}

/**
 * Starts migrations of a group's allocations on draining nodes: replacements for at most max_parallel slots at a
 * time (slots with an original and a replacement both active count as migrating); past a deadline, all at once,
 * the originals stopped.
 */
export function planMigrations(ctx: PlanContext, group: TaskGroup, allocs: ObservedAlloc[], version: string): void {
  if (!ctx.input.draining || Object.keys(ctx.input.draining).length === 0) return;
  const migrate = resolveMigrate(ctx.input.job.spec, group);
  const stopped = new Set(ctx.plan.stop.map((s) => s.podName));
  const active = allocs.filter((a) => a.version === version && !stopped.has(a.pod.name) && !isTerminal(statusOf(ctx, a)));
  const bySlot = new Map<number, ObservedAlloc[]>();
  for (const a of active) bySlot.set(a.index, [...(bySlot.get(a.index) ?? []), a]);
  let migrating = 0;
  const waiting: ObservedAlloc[] = [];
  for (const slot of [...bySlot.values()]) {
    const original = slot.find((a) => drainOf(ctx, a));
    if (!original) continue;
    if (slot.some((a) => !drainOf(ctx, a))) migrating++;
    else waiting.push(original);
  }
  waiting.sort((a, b) => a.index - b.index);
  for (const original of waiting) {
    const drain = drainOf(ctx, original)!;
    const forced = deadlinePassed(drain, ctx.nowMs);
    if (!forced && migrating >= migrate.maxParallel) {
      ctx.plan.waiting.push({ podName: original.pod.name, group: original.group, index: original.index, waitMs: remaining(drain, ctx.nowMs) });
      continue;
    }
    if (forced) stop(ctx, original, 'drain-deadline');
    else migrating++;
    create(ctx, { group: group.name, index: original.index }, { version, reason: 'migrate', replaces: original });
  }
}
