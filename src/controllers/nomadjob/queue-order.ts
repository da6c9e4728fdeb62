/**
 * The order in which jobs waiting for capacity are retried when capacity frees (pure): higher job priority first,
 * as Nomad's blocked evaluations are unblocked by priority; then the order they started waiting in. Each retry
 * places synchronously before its first write, so the first retried job takes the freed capacity first.
 */

/** Keys of blocked jobs ordered by priority (descending), ties in waiting order. */
export function byPriority(blocked: Iterable<string>, priorityOf: (key: string) => number | undefined): string[] {
  const keys = [...blocked];
  const rank = new Map(keys.map((k, i) => [k, i]));
  return keys.sort((a, b) => (priorityOf(b) ?? 50) - (priorityOf(a) ?? 50) || rank.get(a)! - rank.get(b)!);
}
