import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { NomadApiError } from './errors.js';
import { compileFilter } from './filter.js';
import { blockingParams } from './blocking.js';
import { specFromApiJob } from './shapes/job.js';
import type { Conversion } from './shapes/table.js';

/** Arbitrary JSON shaped like api.Job some of the time: known keys with values of any type. */
const jobLike = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.jsonValue(), fc.array(tie('object'), { maxLength: 3 }), tie('object')),
  object: fc.dictionary(fc.constantFrom('ID', 'Type', 'TaskGroups', 'Tasks', 'Name', 'Count', 'Resources', 'MemoryMB', 'Networks', 'ReservedPorts', 'Update', 'Stagger', 'Volumes', 'Meta', 'Periodic', 'Bogus'), tie('value'), { maxKeys: 6 }),
}));

describe('hostile input never throws anything but a Nomad-style 4xx', () => {
  it('api.Job conversion collects problems instead of throwing', () => {
    fc.assert(fc.property(jobLike.object, (body) => {
      const ctx: Conversion = { errors: [], warnings: [] };
      specFromApiJob(body, ctx);
      return ctx.errors.every((e) => typeof e === 'string');
    }), { numRuns: 500 });
  });

  it('filter expressions compile or are refused with a 400, and compiled ones never throw', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), fc.jsonValue(), (text, item) => {
      try {
        compileFilter(text)(item);
      } catch (err) {
        expect(err).toBeInstanceOf(NomadApiError);
        expect((err as NomadApiError).status).toBe(400);
      }
    }), { numRuns: 1000 });
  });

  it('blocking parameters are numbers within bounds or a 400', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (index, wait) => {
      try {
        const p = blockingParams(new URLSearchParams({ index, wait }));
        expect(p.waitMs).toBeLessThanOrEqual(10 * 60_000);
      } catch (err) {
        expect((err as NomadApiError).status).toBe(400);
      }
    }), { numRuns: 500 });
  });
});
