import { describe, expect, it } from '@jest/globals';
import { DEFAULT_UPDATE, resolveUpdate } from './update-strategy.js';
import { jobOfType, makeGroup, makeJob } from './testing/builders.js';

const S = 1_000;
const M = 60 * S;

describe('resolveUpdate: Nomad defaults and job/group merge', () => {
  it('gives a service job without an update block Nomad\'s DefaultUpdateStrategy', () => {
    const job = makeJob();
    expect(resolveUpdate(job.spec, job.spec.groups![0]!)).toEqual({
      maxParallel: 1, healthCheck: 'checks', minHealthyTimeMs: 10 * S, healthyDeadlineMs: 5 * M, progressDeadlineMs: 10 * M,
      autoRevert: false, autoPromote: false, canary: 0, staggerMs: 30 * S,
    });
  });

  it('merges the group block over the job block field by field, defaults for the rest', () => {
    const group = makeGroup({ update: { maxParallel: 3, canary: 1 } });
    const job = makeJob({ update: { maxParallel: 2, minHealthyTime: '30s', autoRevert: true }, groups: [group] });
    expect(resolveUpdate(job.spec, group)).toEqual({ ...DEFAULT_UPDATE, maxParallel: 3, canary: 1, minHealthyTimeMs: 30 * S, autoRevert: true });
  });

  it('turns deployments off with max_parallel = 0 (all at once)', () => {
    const group = makeGroup({ update: { maxParallel: 0 } });
    expect(resolveUpdate(makeJob({ groups: [group] }).spec, group)).toBeNull();
  });

  it.each(['batch', 'system', 'sysbatch'] as const)('gives %s jobs no deployments', (type) => {
    const job = jobOfType(type);
    expect(resolveUpdate({ ...job.spec, update: { maxParallel: 2 } }, job.spec.groups![0]!)).toBeNull();
  });
});
