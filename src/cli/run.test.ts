// Nomad's -check-index on run: the job's modify index is the NomadJob's resourceVersion ("0": must not exist).
import { describe, expect, it } from '@jest/globals';
import { formatPreemptionSection, submitHint } from './plan.js';
import { checkIndexProblem } from './run.js';

describe('checkIndexProblem', () => {
  it.each<[string, string | undefined, string | undefined]>([
    ['0', undefined, undefined],
    ['0', '41', 'Enforcing job modify index 0: job already exists with modify index 41'],
    ['41', '41', undefined],
    ['41', '42', 'Enforcing job modify index 41: job exists with conflicting job modify index: 42'],
    ['41', undefined, 'Enforcing job modify index 41: job does not exist'],
  ])('-check-index %s against stored %s', (index, stored, want) => {
    expect(checkIndexProblem(index, stored)).toBe(want);
  });
});

describe('submitHint', () => {
  it('prints the modify index and the run command that enforces it, as Nomad', () => {
    const text = submitHint('jobs', 'web.nomad', '123');
    expect(text).toContain('Job Modify Index: 123\nTo submit the job with version verification run:\n\nkubenomad run -n jobs -check-index 123 web.nomad\n');
  });
});

describe('formatPreemptionSection', () => {
  const victim = { allocId: 'a1b2', jobId: 'batch-low', group: 'work', nodeId: 'n1', priority: 20, preemptedBy: 'web.g[0]' };

  it('lists the allocations the job would evict, in Nomad\'s columns', () => {
    expect(formatPreemptionSection([{ preemptions: [victim] }, { preemptions: [] }])).toBe('Preemptions:\n\nAlloc ID  Job ID     Task Group\na1b2      batch-low  work\n\n');
  });

  it('is empty when nothing is preempted', () => {
    expect(formatPreemptionSection([{ preemptions: [] }])).toBe('');
  });
});
