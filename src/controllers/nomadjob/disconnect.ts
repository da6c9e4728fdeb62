/**
 * Nomad's `disconnect` block and `max_client_disconnect` (pure): allocations of a down node stay "unknown" for a
 * window instead of lost; meanwhile they are replaced elsewhere (`replace`, default true) or wait; if the node
 * returns within the window, `reconcile` decides which copy stays. After the window they are lost.
 */
import type { TaskGroup } from '../../crds/nomadjob-types.js';
import { durationOr } from './duration.js';
import type { ObservedAlloc } from './observed.js';

/** The group's disconnect rules with durations in milliseconds. */
export interface ResolvedDisconnect {
  /** How long allocations of a down node stay unknown. */
  windowMs: number;
  replace: boolean;
  reconcile: 'best_score' | 'keep_original' | 'keep_replacement' | 'longest_running';
}

/** The group's rules: `disconnect.lost_after`, else `max_client_disconnect`; null when neither gives a window. */
export function resolveDisconnect(group: TaskGroup): ResolvedDisconnect | null {
  const windowMs = durationOr(group.disconnect?.lostAfter, durationOr(group.maxClientDisconnect, 0));
  if (windowMs <= 0) return null;
  return { windowMs, replace: group.disconnect?.replace ?? true, reconcile: group.disconnect?.reconcile ?? 'best_score' };
}

/** When an allocation on a down node stops being unknown (epoch ms), or undefined when it is not unknown. */
export function unknownUntil(
  rules: ResolvedDisconnect | null, alloc: ObservedAlloc, downSince: Readonly<Record<string, number>> | undefined,
): number | undefined {
  const node = alloc.pod.nodeName;
  const down = node ? downSince?.[node] : undefined;
  if (rules === null || down === undefined) return undefined;
  return down + rules.windowMs;
}

/**
 * Of two active copies of a slot after a reconnect, the order in which they are kept (first kept): the original
 * for keep_original, longest_running and best_score (kubenomad scores neither copy, so the original, which Nomad's
 * best_score also picks when scores tie), the newest generation for keep_replacement.
 */
export function keepOrder(rules: ResolvedDisconnect | null): ((a: ObservedAlloc, b: ObservedAlloc) => number) | undefined {
  return rules?.reconcile === 'keep_replacement' ? (a, b) => b.generation - a.generation : undefined;
}
