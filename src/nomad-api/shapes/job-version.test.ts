import { describe, expect, it } from '@jest/globals';
import { specHash } from '../../controllers/nomadjob/job-version.js';
import type { NomadJob, NomadJobSpec } from '../../crds/nomadjob-types.js';
import { jobVersionOf } from './job-version.js';

const v1: NomadJobSpec = { id: 'web', groups: [{ name: 'g', count: 1, tasks: [{ name: 't', driver: 'docker', config: { image: 'a' } }] }] };
const v2: NomadJobSpec = { ...v1, priority: 70 };
const record = (version: number, spec: NomadJobSpec, stable: boolean): { version: number; specHash: string; submittedAt: string; stable: boolean } =>
  ({ version, specHash: specHash(spec), submittedAt: '2026-01-01T00:00:00Z', stable });
const job = (spec: NomadJobSpec, status: NomadJob['status']): NomadJob => ({ apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'web' }, spec, status });

describe('the job version the API reports', () => {
  it('is 0 for a job the operator has not seen', () => {
    expect(jobVersionOf(job(v1, undefined))).toEqual({ version: 0, stable: false });
  });

  it('is the recorded version, stable when its record is', () => {
    const status = { jobVersion: 3, specHash: specHash(v1), versions: [record(3, v1, true)] };
    expect(jobVersionOf(job(v1, status))).toEqual({ version: 3, stable: true });
  });

  it('moves on at once for a changed spec the operator has not recorded yet (not stable)', () => {
    const status = { jobVersion: 3, specHash: specHash(v1), versions: [record(3, v1, true)] };
    expect(jobVersionOf(job(v2, status))).toEqual({ version: 4, stable: false });
  });
});
