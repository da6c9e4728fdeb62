import { describe, expect, it } from '@jest/globals';
import { pendingReschedules } from './reschedule-status.js';
import { NOW } from './testing/builders.js';

describe('pendingReschedules', () => {
  it('lists failed allocations waiting for their delay with the due time, not other waits', () => {
    const waiting = [
      { podName: 'b', group: 'g', index: 1, waitMs: 4_000, reschedule: true },
      { podName: 'a', group: 'g', index: 0, waitMs: 2_000, reschedule: true },
      { podName: 'c', group: 'g', index: 2, waitMs: 9_000 }, // a migration or disconnect wait
    ];
    expect(pendingReschedules({ waiting }, NOW)).toEqual([
      { pod: 'a', group: 'g', index: 0, nextAttemptAt: '2026-01-01T00:00:02Z' },
      { pod: 'b', group: 'g', index: 1, nextAttemptAt: '2026-01-01T00:00:04Z' },
    ]);
  });

  it('gives the same due time on a later pass (the wait shrinks as time passes)', () => {
    const at = (ms: number): Date => new Date(NOW.getTime() + ms);
    const first = pendingReschedules({ waiting: [{ podName: 'a', group: 'g', index: 0, waitMs: 4_000, reschedule: true }] }, NOW);
    const later = pendingReschedules({ waiting: [{ podName: 'a', group: 'g', index: 0, waitMs: 2_500, reschedule: true }] }, at(1_500));
    expect(later).toEqual(first);
  });
});
