// Property tests (short mode, in CI): hostile input never throws, never hangs, and every failure is a clean
// diagnostic positioned inside the source. The long mode is `npm run fuzz:hcl -- --runs 100000` (fuzz-main.ts).
import { describe, expect, it } from '@jest/globals';
import * as fc from 'fast-check';
import { SEED_JOB, check, deepNesting, mutatedJobs, randomText } from './fuzz-cases.js';
import { translateJobspec } from './index.js';

const holds = async (source: string): Promise<boolean> => (await check(source)).problem === undefined;

describe('translateJobspec on hostile input', () => {
  it('translates the unmutated seed', async () => {
    const r = await translateJobspec(SEED_JOB);
    expect(r.ok ? r.warnings : r.diagnostics).toEqual([]);
  });

  it('never throws on mutated jobspecs (byte flips, truncation, insertions)', async () => {
    await fc.assert(fc.asyncProperty(mutatedJobs, holds), { numRuns: 150, seed: 42 });
  }, 60_000);

  it('never throws on random text and binary', async () => {
    await fc.assert(fc.asyncProperty(randomText, holds), { numRuns: 150, seed: 7 });
  }, 60_000);

  it('never throws on deep nesting of blocks, lists and templates', async () => {
    await fc.assert(fc.asyncProperty(deepNesting, holds), { numRuns: 60, seed: 3 });
  }, 60_000);

  it('bounds expensive expressions', async () => {
    const src = 'locals {\n  x = [for a in range(100000) : [for b in range(100000) : a * b]]\n}\njob "x" {\n group "g" {\n  task "t" { driver = "exec" }\n }\n}\n';
    expect(await holds(src)).toBe(true);
  }, 20_000);
});
