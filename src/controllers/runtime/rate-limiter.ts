/** Retry pacing for failed reconciles, as client-go's default: max(per-item exponential backoff, overall token bucket). */

/** Decides how long a key waits before its next retry. */
export interface RateLimiter {
  /** Delay in ms before retrying `key` (counts one more failure). */
  when(key: string, nowMs: number): number;
  /** Forgets the failures of `key` after a success. */
  forget(key: string): void;
  failures(key: string): number;
}

/** Options of the default rate limiter. */
export interface RateLimiterOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
  qps?: number;
  burst?: number;
}

/** client-go's DefaultControllerRateLimiter: exponential 5 ms → 1000 s per item, 10 qps / burst 100 overall. */
export function defaultRateLimiter(o: RateLimiterOptions = {}): RateLimiter {
  const base = o.baseDelayMs ?? 5;
  const max = o.maxDelayMs ?? 1_000_000;
  const qps = o.qps ?? 10;
  const burst = o.burst ?? 100;
  const counts = new Map<string, number>();
  let tokens = burst;
  let last = 0;
  let nextFree = 0;
  return {
    when(key, nowMs) {
      const n = counts.get(key) ?? 0;
      counts.set(key, n + 1);
      const backoff = Math.min(max, base * 2 ** Math.min(n, 40));
      // Token bucket: refill since last call; when empty, queue behind the previous reservation.
      tokens = Math.min(burst, tokens + ((nowMs - last) / 1000) * qps);
      last = nowMs;
      let bucketDelay = 0;
      if (tokens >= 1) tokens -= 1;
      else {
        nextFree = Math.max(nextFree, nowMs) + 1000 / qps;
        bucketDelay = nextFree - nowMs;
      }
      return Math.max(backoff, bucketDelay);
    },
    forget(key) {
      counts.delete(key);
    },
    failures(key) {
      return counts.get(key) ?? 0;
    },
  };
}
