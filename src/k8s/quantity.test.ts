import { describe, expect, it } from '@jest/globals';
import { mebibytes, milliCpu, parseQuantity } from './quantity.js';

describe('quantities', () => {
  it.each([
    ['500m', 0.5],
    ['2', 2],
    ['1k', 1000],
    ['8Gi', 8 * 2 ** 30],
    ['256Mi', 256 * 2 ** 20],
    ['1e3', 1000],
  ])('parses %s', (q, v) => expect(parseQuantity(q)).toBeCloseTo(v));

  it('rejects what is not a quantity', () => expect(parseQuantity('lots')).toBeNaN());
  it('reads cpu in millicores, rounding up', () => expect(milliCpu('0.0015')).toBe(2));
  it('reads memory in MiB', () => expect(mebibytes('1Gi')).toBe(1024));
});
