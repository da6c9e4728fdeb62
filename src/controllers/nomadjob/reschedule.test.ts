import { describe, expect, it } from '@jest/globals';
import { decideReschedule, nextDelay, parseEvents, resolveReschedule, type RescheduleEvent, type ResolvedReschedule } from './reschedule.js';
import { jobOfType, makeGroup } from './testing/builders.js';

const S = 1_000;
const H = 3_600 * S;
const ev = (at: number, delayMs: number): RescheduleEvent => ({ at, delayMs });

describe('resolveReschedule: Nomad defaults per job type', () => {
  it.each([
    ['service', { attempts: 0, delayMs: 30 * S, delayFunction: 'exponential', maxDelayMs: H, unlimited: true }],
    ['batch', { attempts: 1, intervalMs: 24 * H, delayMs: 5 * S, delayFunction: 'constant', unlimited: false }],
  ] as const)('%s', (type, expected) => {
    const job = jobOfType(type);
    expect(resolveReschedule(job.spec, job.spec.groups![0]!)).toMatchObject(expected);
  });

  it('lets the group block override the job block field by field', () => {
    const job = jobOfType('batch');
    const spec = { ...job.spec, reschedule: { attempts: 5, delay: '10s' } };
    expect(resolveReschedule(spec, makeGroup({ reschedule: { delay: '1m' } }))).toMatchObject({ attempts: 5, delayMs: 60 * S, unlimited: false });
  });
});

describe('nextDelay', () => {
  const exp: ResolvedReschedule = { attempts: 0, intervalMs: 0, delayMs: 30 * S, delayFunction: 'exponential', maxDelayMs: H, unlimited: true };
  const fib: ResolvedReschedule = { ...exp, delayFunction: 'fibonacci', delayMs: 5 * S, maxDelayMs: 60 * S };

  it.each([
    // [name, policy, events, failed at, expected delay]
    ['exponential, first failure', exp, [], H, 30 * S], // the base delay
    ['exponential, after 30s', exp, [ev(0, 30 * S)], 60 * S, 60 * S], // 2 × 30s
    ['exponential, capped', exp, [ev(0, 40 * 60 * S)], 50 * 60 * S, H], // 2 × 40m = 80m > 1h → 1h
    ['exponential, reset after a long run', exp, [ev(0, H)], 2 * H, 30 * S], // capped, failed 2h after the last reschedule (> 1h)
    ['fibonacci', fib, [ev(0, 5 * S), ev(1, 5 * S)], 20 * S, 10 * S], // 5s + 5s
    ['fibonacci, next', fib, [ev(0, 5 * S), ev(1, 10 * S)], 20 * S, 15 * S], // 5s + 10s
  ])('%s', (_name, policy, events, failedAt, expected) => {
    expect(nextDelay(policy, events, failedAt)).toBe(expected);
  });
});

describe('decideReschedule', () => {
  const batch: ResolvedReschedule = { attempts: 1, intervalMs: 24 * H, delayMs: 5 * S, delayFunction: 'constant', maxDelayMs: 0, unlimited: false };

  it.each([
    ['due now', [], 0, 5 * S, 'now'], // failed at 0, delay 5s, now 5s
    ['within the 1s window', [], 0, 4.5 * S, 'now'],
    ['too early', [], 0, 2 * S, 'wait'],
    ['attempt used within 24h', [ev(0, 5 * S)], 60 * S, 120 * S, 'exhausted'],
    ['attempt used more than 24h ago', [ev(0, 5 * S)], 25 * H, 25 * H + 5 * S, 'now'],
  ])('%s', (_name, events, failedAt, now, kind) => {
    expect(decideReschedule(batch, events, failedAt, now).kind).toBe(kind);
  });

  it('keeps only the last 5 events of an unlimited policy', () => {
    const unlimited: ResolvedReschedule = { ...batch, unlimited: true, attempts: 0 };
    const events = [1, 2, 3, 4, 5].map((i) => ev(i, 5 * S));
    const decision = decideReschedule(unlimited, events, 10 * S, 20 * S);
    expect(decision.kind === 'now' && decision.events.map((e) => e.at)).toEqual([2, 3, 4, 5, 20 * S]);
  });

  it('reads malformed annotations as no events', () => {
    expect(parseEvents('not json')).toEqual([]);
    expect(parseEvents('[{"at":1,"delayMs":2},{"x":1}]')).toEqual([ev(1, 2)]);
  });
});
