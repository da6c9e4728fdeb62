// Nomad's -check-index on run: the job's modify index is the NomadJob's resourceVersion ("0": must not exist).
import { describe, expect, it } from '@jest/globals';
import { submitHint } from './plan.js';
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
