import { describe, expect, it } from '@jest/globals';
import type { RankedNode } from './ranked.js';
import { bestFitLimits, selectBest, selectionLimit } from './select.js';

const option = (id: string, finalScore: number): RankedNode => ({ entry: { id } as RankedNode['entry'], finalScore } as RankedNode);
const from = (options: RankedNode[]): (() => RankedNode | null) => () => options.shift() ?? null;

describe('limit and max-score selection', () => {
  it.each([
    [{ batch: true, candidates: 5000, count: 1, affinityOrSpread: false }, 2], // power of two choices
    [{ batch: false, candidates: 5000, count: 1, affinityOrSpread: false }, 13], // ceil(log2 5000) = 13
    [{ batch: false, candidates: 3, count: 1, affinityOrSpread: false }, 2], // at least 2
    [{ batch: false, candidates: 5000, count: 300, affinityOrSpread: true }, 300], // max(count, 100)
  ])('limit for %j is %s', (opts, expected) => {
    expect(selectionLimit(opts)).toBe(expected);
  });

  it.each([
    [0, 13, false, { limit: 13, fromIndex: 0 }], // off: Nomad's limit, the random scan alone
    [2, 2, false, { limit: 2, fromIndex: 5 }], // batch: the two fullest fitting nodes (+ up to 3 skipped ones)
    [2, 13, false, { limit: 2, fromIndex: 5 }], // service: the candidates replace the random sample of 13
    [2, 100, true, { limit: 100, fromIndex: 2 }], // affinity/spread (or scanLimit): 2 candidates, then the sample
    [128, 13, true, { limit: 128, fromIndex: 128 }], // more candidates than the sample: the limit grows to them
  ])('best fit %s over a Nomad limit of %s (keep sample: %s) scores %j', (bestFit, nomadLimit, keepSample, expected) => {
    expect(bestFitLimits(bestFit, nomadLimit, keepSample)).toEqual(expected);
  });

  it('keeps the first of equal best scores', () => {
    expect(selectBest(from([option('a', 0.5), option('b', 0.5)]), 2)?.entry.id).toBe('a');
  });

  it('skips non-positive scores to look further', () => {
    expect(selectBest(from([option('neg', -0.2), option('a', 0.1), option('b', 0.3)]), 2)?.entry.id).toBe('b');
  });

  it('falls back to skipped options when nothing better exists', () => {
    expect(selectBest(from([option('neg', -0.2), option('worse', -0.5)]), 2)?.entry.id).toBe('neg');
  });
});
