import { describe, expect, it } from '@jest/globals';
import { versionMatches } from './version.js';

describe('version operator (hashicorp/go-version)', () => {
  it.each([
    ['1.5.0', '>= 1.2, < 2.0', true],
    ['2.0.0', '>= 1.2, < 2.0', false],
    ['1.2', '= 1.2.0', true], // segments are padded to 1.2.0
    ['1.3.7', '~> 1.3', true], // ~> 1.3 means >= 1.3, < 2.0
    ['2.0.0', '~> 1.3', false],
    ['1.3.7', '~> 1.3.2', true], // ~> 1.3.2 means >= 1.3.2, < 1.4
    ['1.4.0', '~> 1.3.2', false],
    ['1.3.1', '~> 1.3.2', false],
    ['v1.10.0', '> 1.9', true], // numeric, not lexical: 10 > 9
    ['1.3.0-beta1', '>= 1.0', false], // a prerelease never satisfies a release-only constraint
    ['1.3.0-beta2', '>= 1.3.0-beta1', true], // same base segments: prerelease ordering
    ['1.4.0-beta2', '>= 1.3.0-beta1', false], // different base: rejected
    ['1.0.0', '!= 1.0.1', true],
    ['not-a-version', '>= 1.0', false],
    ['1.0.0', '>= nonsense', false],
  ])('%s against "%s" is %s', (version, constraint, expected) => {
    expect(versionMatches(version, constraint)).toBe(expected);
  });
});

describe('semver operator (strict SemVer 2.0)', () => {
  it.each([
    ['1.3.0-beta1', '>= 1.0.0', true], // prereleases order normally
    ['1.0.0-alpha', '< 1.0.0', true], // a prerelease sorts below its release
    ['1.0.0-alpha.2', '> 1.0.0-alpha.10', false], // numeric identifiers compare as numbers
    ['1.2', '>= 1.0.0', false], // MAJOR.MINOR.PATCH required
    ['1.2.3', '~> 1.2', false], // no pessimistic operator
  ])('%s against "%s" is %s', (version, constraint, expected) => {
    expect(versionMatches(version, constraint, true)).toBe(expected);
  });
});
