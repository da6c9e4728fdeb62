import { describe, expect, it } from '@jest/globals';
import { specHash } from '../../controllers/nomadjob/job-version.js';
import { encodeSpec } from '../../controllers/nomadjob/version-history.js';
import type { NomadJob, NomadJobSpec } from '../../crds/nomadjob-types.js';
import { callHandler, recordingCluster } from '../testing/recording-cluster.js';
import { revertJob, versionsOfJob } from './versions.js';

const v0: NomadJobSpec = { id: 'web', groups: [{ name: 'web', count: 1, tasks: [] }] };
const v1: NomadJobSpec = { ...v0, priority: 60 };
const job = (): NomadJob => ({
  apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'web', namespace: 'apps', resourceVersion: '10', generation: 2 }, spec: v1,
  status: {
    jobVersion: 1, specHash: specHash(v1),
    versions: [
      { version: 1, specHash: specHash(v1), submittedAt: '2026-01-02T00:00:00Z', stable: false, spec: encodeSpec(v1) },
      { version: 0, specHash: specHash(v0), submittedAt: '2026-01-01T00:00:00Z', stable: true, spec: encodeSpec(v0) },
    ],
  },
});

describe('POST /v1/job/:id/revert', () => {
  it("replaces the spec with the version's, only if no other spec change came in between", async () => {
    const cluster = recordingCluster([job()]);
    const out = await callHandler(revertJob, cluster, { id: 'web' }, { JobID: 'web', JobVersion: 0, EnforcePriorVersion: 1 });
    expect(cluster.writes).toEqual([{
      method: 'PATCH', path: '/apis/kubenomad.io/v1alpha1/namespaces/apps/nomadjobs/web', contentType: 'application/json-patch+json',
      body: [{ op: 'test', path: '/metadata/generation', value: 2 }, { op: 'replace', path: '/spec', value: v0 }],
    }]);
    expect(out.body).toMatchObject({ JobModifyIndex: 11, EvalID: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it.each([
    ['EnforcePriorVersion is not the current version', { JobID: 'web', JobVersion: 0, EnforcePriorVersion: 0 }, 'Current job has version 1; enforcing version 0'],
    ['the version is the current one', { JobID: 'web', JobVersion: 1 }, "can't revert to current version"],
    ['the version is not kept', { JobID: 'web', JobVersion: 7 }, 'has no version "7" (kept versions: 1, 0)'],
    ['the body names another job', { JobID: 'api', JobVersion: 0 }, 'Job ID does not match'],
    ['the version is not a number', { JobID: 'web', JobVersion: 'zero' }, 'JobVersion must be a non-negative integer'],
  ])('is refused with a 400 when %s, writing nothing', async (_what, body, message) => {
    const cluster = recordingCluster([job()]);
    await expect(callHandler(revertJob, cluster, { id: 'web' }, body)).rejects.toMatchObject({ status: 400, message: expect.stringContaining(message) });
    expect(cluster.writes).toEqual([]);
  });
});

describe('GET /v1/job/:id/versions', () => {
  it('answers JobVersionsResponse, diffs on request, and refuses a diffs value that is not a bool', async () => {
    const out = await callHandler(versionsOfJob, recordingCluster([job()]), { id: 'web' }, undefined, 'diffs=true');
    expect(out.body).toMatchObject({ Versions: [{ Version: 1 }, { Version: 0, Stable: true }], Diffs: [{ Type: 'Edited', Fields: [{ Name: 'Priority', New: '60' }] }], Index: 10 });
    await expect(callHandler(versionsOfJob, recordingCluster([job()]), { id: 'web' }, undefined, 'diffs=maybe')).rejects.toMatchObject({ status: 400 });
  });
});
