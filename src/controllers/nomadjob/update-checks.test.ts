import { describe, expect, it } from '@jest/globals';
import { updateProblems } from './update-checks.js';
import { makeGroup, makeJob } from './testing/builders.js';

describe('updateProblems (Nomad UpdateStrategy.Validate on the merged block)', () => {
  it('accepts the defaults and a consistent block', () => {
    expect(updateProblems(makeJob().spec)).toEqual([]);
    expect(updateProblems(makeJob({ update: { minHealthyTime: '1s', healthyDeadline: '3s', progressDeadline: '0' } }).spec)).toEqual([]);
  });

  it.each([
    [{ minHealthyTime: '6m' }, 'spec.update (group "cache"): minimum healthy time (6m) must be less than healthy deadline (5m)'],
    [{ healthyDeadline: '10m' }, 'spec.update (group "cache"): healthy deadline (10m) must be less than progress deadline (10m)'],
    [{ minHealthyTime: 'soon' }, 'spec.update.minHealthyTime: "soon" is not a duration'],
  ])('rejects %j', (update, message) => {
    expect(updateProblems(makeJob({ update }).spec).map((p) => p.message)).toEqual([message]);
  });

  it('names the group block when the group sets one (merged over the job block)', () => {
    const spec = makeJob({ update: { healthyDeadline: '1m' }, groups: [makeGroup({ update: { minHealthyTime: '2m' } })] }).spec;
    expect(updateProblems(spec)).toEqual([{ field: 'spec.groups[0].update', message: 'spec.groups[0].update (group "cache"): minimum healthy time (2m) must be less than healthy deadline (1m)' }]);
  });
});
