/**
 * Client-side rate limiting as client-go's `flowcontrol.NewTokenBucketRateLimiter` (golang.org/x/time/rate):
 * `qps` tokens a second, at most `burst` saved up. Every request reserves a token; when none is left the
 * reservation is for a future instant, so waiting requests are served in arrival order at exactly `qps`.
 */

/** Seconds on a monotonic clock. */
export const monotonicSeconds = (): number => performance.now() / 1000;

/** A token bucket; the clock comes in so tests can drive it. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly qps: number,
    readonly burst: number,
    private readonly now: () => number = monotonicSeconds,
  ) {
    if (!(qps > 0)) throw new RangeError(`qps must be positive, got ${qps}`);
    this.burst = Math.max(1, Math.floor(burst));
    this.tokens = this.burst;
    this.last = now();
  }

  /** Takes one token; returns how many seconds the caller must wait before sending (0: at once). */
  reserve(): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.last) * this.qps);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : -this.tokens / this.qps;
  }
}

/** A bucket for `qps`/`burst`, or undefined when `qps` ≤ 0 (client-side throttling off). */
export function tokenBucket(qps: number, burst: number): TokenBucket | undefined {
  return qps > 0 ? new TokenBucket(qps, burst) : undefined;
}
