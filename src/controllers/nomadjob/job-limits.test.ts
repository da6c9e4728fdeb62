import { describe, expect, it } from '@jest/globals';
import { DEFAULT_JOB_LIMITS, jobLimitsFromEnv, limitProblems } from './job-limits.js';
import { makeGroup, makeJob, redisTask } from './testing/builders.js';

describe('job limits', () => {
  it('accepts one group of 100,000 allocations (the schema maximum)', () => {
    expect(limitProblems(makeJob({ groups: [makeGroup({ count: 100_000 })] }).spec)).toEqual([]);
  });

  it('rejects 64 groups of 100,000 (6.4 million allocations) naming the total', () => {
    const groups = Array.from({ length: 64 }, (_, i) => makeGroup({ name: `g${i}`, count: 100_000 }));
    expect(limitProblems(makeJob({ groups }).spec)).toEqual([
      { field: 'spec.groups', message: 'spec.groups: 6400000 allocations in all (the sum of count); at most 100000 are allowed per job' },
    ]);
  });

  it('rejects too many groups, too many tasks and an oversized spec, each at its field', () => {
    const limits = { ...DEFAULT_JOB_LIMITS, maxGroups: 1, maxTasksPerGroup: 1, maxSpecBytes: 100 };
    const groups = [makeGroup({ tasks: [redisTask(), redisTask({ name: 'b' })] }), makeGroup({ name: 'two' })];
    expect(limitProblems(makeJob({ groups }).spec, limits).map((p) => p.field)).toEqual(['spec', 'spec.groups', 'spec.groups[0].tasks']);
  });

  it('reads positive integer overrides from KUBENOMAD_MAX_* and ignores the rest', () => {
    expect(jobLimitsFromEnv({ KUBENOMAD_MAX_GROUPS_PER_JOB: '8', KUBENOMAD_MAX_TASKS_PER_GROUP: '-1', KUBENOMAD_MAX_SPEC_BYTES: 'lots' }))
      .toEqual({ ...DEFAULT_JOB_LIMITS, maxGroups: 8 });
  });
});
