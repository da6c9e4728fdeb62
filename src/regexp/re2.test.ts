import { describe, expect, it } from '@jest/globals';
import { compileRe2, re2Error, re2FindAll, re2Matches, re2ReplaceAll } from './re2.js';

describe('RE2 regular expressions', () => {
  it('matches in linear time where a backtracking engine takes exponential time (^(a+)+$ on 10,000 characters)', () => {
    // JavaScript's RegExp needs ~2^n steps here; RE2 answers at once. Correctness, not speed, is asserted.
    expect(re2Matches('^(a+)+$', `${'a'.repeat(10_000)}b`)).toBe(false);
    expect(re2Matches('^(a+)+$', 'a'.repeat(10_000))).toBe(true);
  });

  it.each([
    ['(unclosed', 'missing closing )'],
    ['a**', 'invalid nested repetition operator'],
    ['(?<=x)y', 'invalid named capture'], // lookbehind: not RE2
  ])('rejects %s with RE2\'s message', (pattern, message) => {
    expect(re2Error(pattern)).toContain(message);
    expect(re2Matches(pattern, 'anything')).toBe(false);
  });

  it('accepts Go syntax: (?i) flags and (?P<name>) groups', () => {
    expect(re2Error('(?i)^web-(?P<n>\\d+)$')).toBeNull();
    expect(re2Matches('(?i)^WEB-\\d+$', 'web-12')).toBe(true);
  });

  it('finds every match with numbered and named groups', () => {
    const c = compileRe2('(?P<k>\\w)=(\\d)?');
    if (!c.ok) throw new Error(c.error);
    expect(re2FindAll(c.re, 'a=1 b=')).toEqual([
      { text: 'a=1', groups: ['a', '1'], named: { k: 'a' } },
      { text: 'b=', groups: ['b', ''], named: { k: 'b' } },
    ]);
  });

  it('replaces with $1 and ${1} as Go does', () => {
    const c = compileRe2('(\\d+)');
    if (!c.ok) throw new Error(c.error);
    expect(re2ReplaceAll(c.re, 'v1.22', '<$1>')).toBe('v<1>.<22>');
    expect(re2ReplaceAll(c.re, 'v1', '${1}x')).toBe('v1x');
  });
});
