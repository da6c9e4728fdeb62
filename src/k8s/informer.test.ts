import { describe, expect, it } from '@jest/globals';
import { MAX_RETRY_MS, retryDelayMs } from './informer.js';

describe('informer retry delay', () => {
  it('starts at 250 ms and doubles, never past a few seconds (with the jitter at its middle)', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map((n) => retryDelayMs(n, () => 0.5))).toEqual([250, 500, 1000, 2000, 2000, 2000, 2000]);
  });

  it('jitters by ±25% and stays within 1.25 × MAX_RETRY_MS', () => {
    expect(retryDelayMs(1, () => 0)).toBe(188);
    expect(retryDelayMs(1, () => 1)).toBe(313);
    expect(retryDelayMs(99, () => 1)).toBeLessThanOrEqual(1.25 * MAX_RETRY_MS);
  });
});
