import { describe, expect, it } from '@jest/globals';
import { TokenBucket, tokenBucket } from './token-bucket.js';

/** A bucket on a clock the test moves by hand. */
function bucket(qps: number, burst: number): { b: TokenBucket; advance(seconds: number): void } {
  let t = 1000;
  const b = new TokenBucket(qps, burst, () => t);
  return { b, advance: (s) => (t += s) };
}

describe('TokenBucket', () => {
  it('lets a full burst through without waiting', () => {
    const { b } = bucket(50, 100);
    const waits = Array.from({ length: 100 }, () => b.reserve());
    expect(waits.every((w) => w === 0)).toBe(true);
  });

  it('queues requests past the burst at qps, in arrival order', () => {
    const { b } = bucket(50, 100);
    for (let i = 0; i < 100; i++) b.reserve();
    // 101st: tokens = -1 → wait 1/50 s; 102nd: tokens = -2 → 2/50 s.
    expect(b.reserve()).toBeCloseTo(0.02);
    expect(b.reserve()).toBeCloseTo(0.04);
  });

  it('refills qps tokens a second, never above burst', () => {
    const { b, advance } = bucket(4, 5);
    for (let i = 0; i < 5; i++) b.reserve();
    advance(0.75); // 0.75 s × 4/s = 3 tokens
    expect([b.reserve(), b.reserve(), b.reserve()]).toEqual([0, 0, 0]);
    expect(b.reserve()).toBeCloseTo(0.25); // the next token is 1/4 s away
    advance(3600); // an hour idle saves up only `burst` tokens
    expect(Array.from({ length: 5 }, () => b.reserve()).every((w) => w === 0)).toBe(true);
    expect(b.reserve()).toBeGreaterThan(0);
  });

  it('sustains qps over a long run: 1000 requests at 50 qps after a burst of 100 end at 18 s', () => {
    const { b } = bucket(50, 100);
    let last = 0;
    for (let i = 0; i < 1000; i++) last = b.reserve();
    // (1000 - 100) tokens owed at 50/s = 18 s
    expect(last).toBeCloseTo(18);
  });

  it('treats a burst below one as one', () => {
    const { b } = bucket(1, 0);
    expect(b.reserve()).toBe(0);
    expect(b.reserve()).toBeCloseTo(1);
  });

  it('is off when qps is zero or negative', () => {
    expect(tokenBucket(0, 100)).toBeUndefined();
    expect(tokenBucket(-1, 100)).toBeUndefined();
    expect(tokenBucket(50, 100)).toBeInstanceOf(TokenBucket);
  });
});
