/** Nomad's raft indexes, stood in for by Kubernetes resourceVersions (etcd revisions: integers that only grow). */

/** The index of an object: its resourceVersion as a number (0 when absent or not numeric). */
export function indexOf(obj: { metadata?: { resourceVersion?: string } } | undefined): number {
  const n = Number(obj?.metadata?.resourceVersion ?? 0);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/** The index of a list: the highest index of its items, at least 1 (Nomad never answers index 0). */
export function maxIndex(items: ReadonlyArray<{ metadata?: { resourceVersion?: string } }>): number {
  return Math.max(1, ...items.map(indexOf));
}

/** Nanoseconds since the epoch of a Kubernetes timestamp (Nomad's SubmitTime, CreateTime, ModifyTime). */
export function unixNanos(time: string | Date | undefined): number {
  if (time === undefined) return 0;
  const ms = new Date(time).getTime();
  return Number.isFinite(ms) ? ms * 1e6 : 0;
}
