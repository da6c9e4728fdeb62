// Dispatch validation, one case per refusal of Nomad's Job.Dispatch / validateDispatchRequest.
import { describe, expect, it } from '@jest/globals';
import type { DispatchSpec } from '../../crds/dispatch-types.js';
import type { NomadJob, ParameterizedConfig } from '../../crds/nomadjob-types.js';
import { decodedLength, validateDispatch } from './validate.js';

/** Seed 000's "ping" job: payload forbidden, ADDRESS required. */
function job(parameterized: ParameterizedConfig | null = { payload: 'forbidden', metaRequired: ['ADDRESS'] }, stop = false): NomadJob {
  return { apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'ping' }, spec: { type: 'batch', parameterized: parameterized ?? undefined, stop } };
}
const dispatch = (spec: Partial<DispatchSpec> = {}): DispatchSpec => ({ job: 'ping', meta: { ADDRESS: '1.2.3.4' }, ...spec });
const base64OfSize = (bytes: number): string => Buffer.alloc(bytes, 7).toString('base64');

describe('dispatch validation', () => {
  it('accepts seed 000\'s dispatch (-meta ADDRESS=…, no payload)', () => {
    expect(validateDispatch(dispatch(), job())).toEqual([]);
  });

  it.each<[string, DispatchSpec, NomadJob | undefined, Array<[string, string, string]>]>([
    ['a missing job', dispatch(), undefined, [['FieldValueNotFound', 'spec.job', 'parameterized job "ping" not found']]],
    ['a job that is not parameterized', dispatch(), job(null), [['FieldValueInvalid', 'spec.job', 'Specified job "ping" is not a parameterized job']]],
    ['a stopped job that is not parameterized (checked first, as in Nomad)', dispatch(), job(null, true), [['FieldValueInvalid', 'spec.job', 'Specified job "ping" is not a parameterized job']]],
    ['a stopped parameterized job', dispatch(), job({ payload: 'optional', metaRequired: ['ADDRESS'] }, true),
      [['FieldValueInvalid', 'spec.job', 'Specified job "ping" is stopped']]],
    ['a payload the job forbids', dispatch({ payload: 'aGk=' }), job(),
      [['FieldValueForbidden', 'spec.payload', 'Payload provided but forbidden by parameterized job']]],
    ['a missing payload the job requires', dispatch(), job({ payload: 'required', metaRequired: ['ADDRESS'] }),
      [['FieldValueRequired', 'spec.payload', 'Payload is not provided but required by parameterized job']]],
    // 16385 decoded bytes = 16 KiB + 1.
    ['a payload over 16 KiB', dispatch({ payload: base64OfSize(16385) }), job({ payload: 'optional', metaRequired: ['ADDRESS'] }),
      [['FieldValueTooLong', 'spec.payload', 'Payload exceeds maximum size; 16385 > 16384']]],
    ['a payload that is not base64', dispatch({ payload: 'not base64!' }), job({ payload: 'optional', metaRequired: ['ADDRESS'] }),
      [['FieldValueInvalid', 'spec.payload', 'Payload is not valid base64 (standard alphabet, with padding)']]],
    ['every missing required key, each at its own path', dispatch({ meta: {} }), job({ metaRequired: ['ADDRESS', 'PORT'] }), [
      ['FieldValueRequired', 'spec.meta.ADDRESS', 'Dispatch did not provide required meta key "ADDRESS" (missing: ADDRESS, PORT)'],
      ['FieldValueRequired', 'spec.meta.PORT', 'Dispatch did not provide required meta key "PORT" (missing: ADDRESS, PORT)'],
    ]],
    ['keys neither required nor optional', dispatch({ meta: { ADDRESS: 'x', COUNT: '3', TTL: '1' } }), job({ metaRequired: ['ADDRESS'], metaOptional: ['INTERVAL'] }), [
      ['FieldValueNotSupported', 'spec.meta.COUNT', 'Dispatch request included unpermitted metadata key "COUNT" (unpermitted: COUNT, TTL; permitted: ADDRESS, INTERVAL)'],
      ['FieldValueNotSupported', 'spec.meta.TTL', 'Dispatch request included unpermitted metadata key "TTL" (unpermitted: COUNT, TTL; permitted: ADDRESS, INTERVAL)'],
    ]],
  ])('rejects %s', (_name, spec, parent, expected) => {
    expect(validateDispatch(spec, parent)).toEqual(expected.map(([reason, field, message]) => ({ reason, field, message })));
  });

  it('returns all problems together', () => {
    const problems = validateDispatch(dispatch({ payload: 'aGk=', meta: { X: '1' } }), job({ payload: 'forbidden', metaRequired: ['ADDRESS'] }, true));
    expect(problems.map((p) => p.field)).toEqual(['spec.job', 'spec.payload', 'spec.meta.X', 'spec.meta.ADDRESS']);
  });

  it('accepts exactly 16 KiB', () => {
    expect(validateDispatch(dispatch({ payload: base64OfSize(16384) }), job({ payload: 'required', metaRequired: ['ADDRESS'] }))).toEqual([]);
  });
});

describe('decodedLength', () => {
  it.each([['', 0], ['aGk=', 2], ['aGkh', 3], ['aA==', 1], ['aGk', undefined], ['a-b_', undefined]])('%s → %s', (text, n) => {
    expect(decodedLength(text)).toBe(n);
  });
});
