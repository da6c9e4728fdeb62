import { describe, expect, it } from '@jest/globals';
import { ApiException } from '@kubernetes/client-node';
import { MAX_RETRY_MS, retryDelayMs, watchError } from './informer.js';

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

describe('watch failures as log lines', () => {
  it('shows a 429 while storage initialises as one transient line with its status message, not the raw JSON body', () => {
    const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'storage is (re)initializing', reason: 'TooManyRequests', code: 429 });
    const e = watchError(new ApiException(429, `HTTP-Code: 429 Message: Unknown API Status Code! Body: ${body}`, body, {}));
    expect(e).toEqual({ code: 429, message: 'HTTP 429 TooManyRequests: storage is (re)initializing', transient: true });
  });

  it('treats a refused connection as transient and a 403 as not', () => {
    expect(watchError(new Error('connect ECONNREFUSED 127.0.0.1:6443')).transient).toBe(true);
    const forbidden = JSON.stringify({ kind: 'Status', message: 'pods is forbidden', reason: 'Forbidden', code: 403 });
    expect(watchError(new ApiException(403, 'Forbidden', forbidden, {}))).toMatchObject({ code: 403, transient: false });
  });
});
