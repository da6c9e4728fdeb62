import { describe, expect, it } from '@jest/globals';
import type { NomadJob } from '../crds/nomadjob-types.js';
import { recordHistory } from '../controllers/nomadjob/version-history.js';
import { makeJob, NOW } from '../controllers/nomadjob/testing/builders.js';
import { formatHistory, revertTarget } from './job-history.js';

/** A job whose history holds versions 0 (redis:7, stable) and 1 (redis:8, priority 70). */
function jobWithHistory(): NomadJob {
  const v0 = makeJob().spec;
  const v1 = { ...makeJob({ priority: 70 }).spec };
  v1.groups = [{ ...v1.groups![0]!, tasks: [{ ...v1.groups![0]!.tasks[0]!, config: { image: 'redis:8' } }] }];
  const deployment = { id: 'd', jobVersion: 0, status: 'successful' as const, statusDescription: '', createdAt: NOW.toISOString(), groups: {} };
  let versions = recordHistory({ version: { version: 0, specHash: 'a', changed: false }, spec: v0, deployment, now: NOW });
  versions = recordHistory({ previous: versions, version: { version: 1, specHash: 'b', changed: true }, spec: v1, now: new Date('2026-01-02T00:00:00Z') });
  return { apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'example' }, spec: v1, status: { jobVersion: 1, versions } };
}

describe('formatHistory (nomad job history)', () => {
  it('lists versions newest first with Stable and Submit Date', () => {
    expect(formatHistory(jobWithHistory(), false)).toBe([
      'Version     = 1', 'Stable      = false', 'Submit Date = 2026-01-02T00:00:00.000Z', '',
      'Version     = 0', 'Stable      = true', 'Submit Date = 2026-01-01T00:00:00.000Z',
    ].join('\n'));
  });

  it('-p adds the diff of each version to the one before', () => {
    expect(formatHistory(jobWithHistory(), true)).toBe([
      'Version     = 1', 'Stable      = false', 'Submit Date = 2026-01-02T00:00:00.000Z', 'Diff        =',
      '+/- Job: "example"', '+ Priority: "70"', '+/- Task Group: "cache"', '  +/- Task: "redis"', '',
      'Version     = 0', 'Stable      = true', 'Submit Date = 2026-01-01T00:00:00.000Z',
    ].join('\n'));
  });
});

describe('revertTarget (nomad job revert)', () => {
  it('gives the spec of a kept earlier version', () => {
    expect(revertTarget(jobWithHistory(), '0')).toEqual(JSON.parse(JSON.stringify(makeJob().spec)));
  });

  it.each([
    ['7', 'Job "example" has no version "7" (kept versions: 1, 0)'],
    ['x', 'Job "example" has no version "x" (kept versions: 1, 0)'],
    ['1', 'Job "example" already runs version 1: can\'t revert to the current version'],
  ])('refuses version %s', (version, message) => {
    expect(revertTarget(jobWithHistory(), version)).toBe(message);
  });
});
