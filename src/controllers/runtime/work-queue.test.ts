import { describe, expect, it } from '@jest/globals';
import { WorkQueue } from './work-queue.js';
import { defaultRateLimiter } from './rate-limiter.js';

const tick = (ms = 5): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A promise and the function that resolves it (to wait for a condition a handler reaches, not for time). */
function signal(): { reached: Promise<void>; reach(): void } {
  let reach = (): void => undefined;
  const reached = new Promise<void>((r) => (reach = r));
  return { reached, reach };
}

describe('WorkQueue', () => {
  it('processes a key added many times while queued only once', async () => {
    const seen: string[] = [];
    const ran = signal();
    const q = new WorkQueue(async (k) => {
      seen.push(k);
      ran.reach();
    }, { name: 't', concurrency: 1 });
    q.add('a'); q.add('a'); q.add('a');
    q.start();
    await ran.reached;
    await q.stop(); // waits for the workers: a second run, had one been queued, would have started by now
    expect(seen).toEqual(['a']);
  });

  it('never runs one key on two workers at once and reruns a key added during its run', async () => {
    let running = 0, maxRunning = 0, runs = 0;
    const firstStarted = signal();
    const release = signal();
    const secondDone = signal();
    const q = new WorkQueue(async () => {
      running++; runs++; maxRunning = Math.max(maxRunning, running);
      if (runs === 1) {
        firstStarted.reach();
        await release.reached;
      }
      running--;
      if (runs === 2) secondDone.reach();
    }, { name: 't', concurrency: 4 });
    q.start();
    q.add('job');
    await firstStarted.reached;
    q.add('job'); q.add('job'); // while it runs: one rerun afterwards, never a second worker
    await tick(10); // free workers had the chance to (wrongly) take it
    release.reach();
    await secondDone.reached;
    await q.stop();
    expect(maxRunning).toBe(1);
    expect(runs).toBe(2);
  });

  it('retries a failing key with backoff and forgets failures after success', async () => {
    let calls = 0;
    const errors: number[] = [];
    const third = signal();
    const limiter = defaultRateLimiter({ baseDelayMs: 1 });
    const q = new WorkQueue(async () => {
      calls++;
      if (calls < 3) throw new Error('boom');
      third.reach();
    }, { name: 't', rateLimiter: limiter, onError: (_k, _e, d) => errors.push(d) });
    q.start();
    q.add('k');
    await third.reached;
    await q.stop();
    expect(calls).toBe(3);
    expect(errors).toEqual([1, 2]); // 1 ms, then 2 ms: exponential from the base
    expect(limiter.failures('k')).toBe(0);
  });

  it('runs a key again when the handler asks for a requeue', async () => {
    let calls = 0;
    const second = signal();
    const q = new WorkQueue(async () => {
      if (++calls === 1) return { requeueAfterMs: 5 };
      second.reach();
      return undefined;
    }, { name: 't' });
    q.start();
    q.add('k');
    await second.reached;
    await q.stop();
    expect(calls).toBe(2);
  });
});

describe('WorkQueue.addAfter', () => {
  it('lets a sooner wake-up replace a later one', async () => {
    const seen: number[] = [];
    const ran = signal();
    const started = Date.now();
    const q = new WorkQueue(async () => {
      seen.push(Date.now() - started);
      ran.reach();
    }, { name: 't' });
    q.start();
    q.addAfter('k', 10_000);
    q.addAfter('k', 10);
    await ran.reached; // the 10 s wake-up would time the test out: the sooner one replaced it
    await q.stop();
    expect(seen).toHaveLength(1);
  });
});

describe('defaultRateLimiter', () => {
  it('backs off exponentially per key from 5 ms', () => {
    const l = defaultRateLimiter();
    // 5 * 2^n: 5, 10, 20, 40
    expect([0, 1, 2, 3].map(() => l.when('k', 0))).toEqual([5, 10, 20, 40]);
    expect(l.when('other', 0)).toBe(5);
  });

  it('spaces retries at the overall qps once the burst is spent', () => {
    const l = defaultRateLimiter({ qps: 10, burst: 2 });
    l.when('a', 0); l.when('b', 0);
    // third key in the same instant waits one token: 1000 / 10 = 100 ms
    expect(l.when('c', 0)).toBe(100);
  });
});
