import { describe, expect, it } from '@jest/globals';
import { decideRestart, formatMs, resolveRestart, type ResolvedRestart } from './restart.js';
import { makeGroup, redisTask } from './testing/builders.js';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;

describe('resolveRestart: Nomad defaults per job type', () => {
  it.each([
    ['service', { attempts: 2, intervalMs: 30 * M, delayMs: 15 * S, mode: 'fail' }],
    ['system', { attempts: 2, intervalMs: 30 * M, delayMs: 15 * S, mode: 'fail' }],
    ['batch', { attempts: 3, intervalMs: 24 * H, delayMs: 15 * S, mode: 'fail' }],
    ['sysbatch', { attempts: 3, intervalMs: 24 * H, delayMs: 15 * S, mode: 'fail' }],
  ] as const)('%s', (type, expected) => {
    expect(resolveRestart(type, makeGroup())).toEqual(expected);
  });

  it('lets the task block override the group block field by field', () => {
    const group = makeGroup({ restart: { attempts: 5, interval: '10m', mode: 'delay' } });
    expect(resolveRestart('service', group, redisTask({ restart: { attempts: 1 } }))).toEqual({ attempts: 1, intervalMs: 10 * M, delayMs: 15 * S, mode: 'delay' });
  });
});

describe('decideRestart: the restart tracker over the kubelet restart count', () => {
  const policy: ResolvedRestart = { attempts: 2, intervalMs: 30 * M, delayMs: 15 * S, mode: 'fail' };
  const window = { startMs: 0, base: 0 };

  it.each([
    // [name, failures, last failure, expected kind]
    ['no failure yet', 0, undefined, 'ok'],
    ['two failures within the interval: restarted', 2, 5 * M, 'ok'],
    // 3 failures − 0 before the window = 3 > 2 attempts
    ['a third failure within the interval fails the allocation', 3, 10 * M, 'fail'],
    // the failure at 31m is after 0 + 30m: a new interval, that failure not counted
    ['a failure after the interval opens a new interval', 3, 31 * M, 'new-window'],
  ] as const)('%s', (_name, failures, lastFailureMs, kind) => {
    expect(decideRestart(policy, { failures, lastFailureMs }, window).kind).toBe(kind);
  });

  it('counts only the failures of the current interval', () => {
    // The interval opened at 31m with 3 failures before it: 5 − 3 = 2 ≤ 2 attempts.
    expect(decideRestart(policy, { failures: 5, lastFailureMs: 40 * M }, { startMs: 31 * M, base: 3 })).toEqual({ kind: 'ok', count: 2 });
    expect(decideRestart(policy, { failures: 6, lastFailureMs: 41 * M }, { startMs: 31 * M, base: 3 }).kind).toBe('fail');
  });

  it('a new interval is stable: deciding again with it writes nothing new', () => {
    const first = decideRestart(policy, { failures: 3, lastFailureMs: 31 * M }, window);
    expect(first).toEqual({ kind: 'new-window', window: { startMs: 31 * M, base: 3 } });
    if (first.kind !== 'new-window') throw new Error('unreachable');
    expect(decideRestart(policy, { failures: 3, lastFailureMs: 31 * M }, first.window)).toEqual({ kind: 'ok', count: 0 });
  });

  it('mode delay never fails the allocation (the kubelet keeps restarting it)', () => {
    expect(decideRestart({ ...policy, mode: 'delay' }, { failures: 10, lastFailureMs: M }, window)).toEqual({ kind: 'ok', count: 10 });
  });

  it('says why, in Nomad words', () => {
    const decision = decideRestart({ ...policy, attempts: 0 }, { failures: 1, lastFailureMs: 1 }, window);
    expect(decision).toMatchObject({ kind: 'fail', message: 'Exceeded allowed attempts 0 in interval 30m and mode is "fail"' });
  });

  it.each([[30 * M, '30m'], [24 * H, '24h'], [15 * S, '15s'], [1500, '1.5s']])('formatMs(%d) = %s', (value, text) => {
    expect(formatMs(value)).toBe(text);
  });
});
