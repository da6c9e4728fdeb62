import { describe, expect, it } from '@jest/globals';
import { specHash } from '../../controllers/nomadjob/job-version.js';
import { encodeSpec } from '../../controllers/nomadjob/version-history.js';
import type { JobVersionRecord, NomadJob, NomadJobSpec } from '../../crds/nomadjob-types.js';
import { apiJobVersions } from './job-versions.js';

const v0: NomadJobSpec = { id: 'web', groups: [{ name: 'web', count: 1, tasks: [{ name: 'app', driver: 'docker', config: { image: 'nginx:1' } }] }] };
const v1: NomadJobSpec = { ...v0, groups: [{ ...v0.groups![0]!, count: 3 }] };
const record = (version: number, spec: NomadJobSpec, keep = true): JobVersionRecord => ({
  version, specHash: specHash(spec), submittedAt: `2026-01-0${version + 1}T00:00:00Z`, stable: version === 0, ...(keep ? { spec: encodeSpec(spec) } : {}),
});
const job = (spec: NomadJobSpec, versions?: JobVersionRecord[]): NomadJob => ({
  apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'web', resourceVersion: '5' }, spec,
  status: versions ? { jobVersion: versions[0]!.version, specHash: versions[0]!.specHash, versions } : undefined,
});
const ns = { defaultNamespace: 'default' };

describe('api.JobVersionsResponse from the recorded history', () => {
  it('lists the versions newest first, each with its own spec, stability and submit time', () => {
    const out = apiJobVersions(job(v1, [record(1, v1), record(0, v0)]), ns, false);
    expect(out.Diffs).toBeNull();
    expect(out.Versions.map((v) => [v.Version, v.Stable, (v.TaskGroups as Array<{ Count: number }>)[0]!.Count])).toEqual([[1, false, 3], [0, true, 1]]);
    expect(out.Versions[1]!.SubmitTime).toBe(Date.parse('2026-01-01T00:00:00Z') * 1e6);
  });

  it('diffs each version from the one before it (n versions, n - 1 diffs)', () => {
    const out = apiJobVersions(job(v1, [record(1, v1), record(0, v0)]), ns, true);
    expect(out.Diffs).toEqual([expect.objectContaining({ Type: 'Edited', TaskGroups: [expect.objectContaining({ Fields: [expect.objectContaining({ Name: 'Count', Old: '1', New: '3' })] })] })]);
  });

  it('lists a version whose spec was not kept by its ID only', () => {
    const out = apiJobVersions(job(v1, [record(1, v1), record(0, v0, false)]), ns, false);
    expect(out.Versions[1]).toMatchObject({ ID: 'web', Version: 0, TaskGroups: null });
  });

  it('lists the current spec as the only version of a job the operator has not recorded', () => {
    expect(apiJobVersions(job(v0), ns, true)).toEqual({ Versions: [expect.objectContaining({ ID: 'web', Version: 0 })], Diffs: [] });
  });
});
