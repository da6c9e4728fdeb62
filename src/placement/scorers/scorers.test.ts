import { describe, expect, it } from '@jest/globals';
import { preemptionScore, netPriority } from './preemption-score.js';
import { desiredCounts, evenSpreadBoost } from './spread.js';
import { MAX_FIT_SCORE, STRATEGIES } from './strategies.js';
import { makeAlloc } from '../testing/builders.js';

describe('fit strategies (Nomad funcs.go)', () => {
  it.each([
    ['binpack', 0, 0, 1], // fully used: 20 − (1 + 1) = 18 → 1
    ['binpack', 0.5, 0.5, (20 - 2 * Math.sqrt(10)) / 18], // 0.760
    ['binpack', 0.1, 0.9, (20 - 10 ** 0.1 - 10 ** 0.9) / 18], // cpu 90% mem 10% → 0.600
    ['spread', 0.5, 0.5, (2 * Math.sqrt(10) - 2) / 18], // 0.240
    ['spread', 1, 1, 1], // empty node: 20 − 2 = 18
  ] as const)('%s at free cpu %s / mem %s scores %s', (name, cpu, mem, expected) => {
    expect(STRATEGIES[name](cpu, mem) / MAX_FIT_SCORE).toBeCloseTo(expected, 6);
  });
});

describe('spread arithmetic', () => {
  it('desired counts give the remainder to the implicit target', () => {
    // count 10, dc1 = 50% → 5, remainder 5 → "*"
    expect(desiredCounts({ attribute: 'x', targets: [{ value: 'dc1', percent: 50 }] }, 10)).toEqual(new Map([['dc1', 5], ['*', 5]]));
  });

  it.each([
    [{}, 'a', 0], // nothing placed yet
    [{ a: 2, b: 1 }, 'a', -1], // (min − cur)/min = (1 − 2)/1
    [{ a: 2, b: 2 }, 'a', -1], // even: maximum penalty
    [{ a: 1, b: 3 }, 'a', 2], // cur = min < max: (3 − 1)/1
    [{ a: 2 }, 'b', 1], // unused value: (2 − 0)/2
  ])('even spread boost for %j at %s is %s', (counts, value, expected) => {
    expect(evenSpreadBoost(new Map(Object.entries(counts)), value)).toBe(expected);
  });
});

describe('preemption score', () => {
  it('net priority is max + sum/max and the score is logistic around 2048', () => {
    const victims = [makeAlloc('n').priority(20).build(), makeAlloc('n').priority(40).build()];
    expect(netPriority(victims)).toBe(40 + 60 / 40); // 41.5
    expect(preemptionScore(2048)).toBe(0.5);
  });
});
