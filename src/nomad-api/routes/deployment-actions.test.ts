import { describe, expect, it } from '@jest/globals';
import { specHash } from '../../controllers/nomadjob/job-version.js';
import { FAIL_ANNOTATION, PAUSE_ANNOTATION, PROMOTE_ANNOTATION } from '../../controllers/nomadjob/deployment-requests.js';
import { encodeSpec } from '../../controllers/nomadjob/version-history.js';
import type { DeploymentState, NomadJob, NomadJobSpec } from '../../crds/nomadjob-types.js';
import { callHandler, recordingCluster } from '../testing/recording-cluster.js';
import { failDeployment, pauseDeployment, promoteDeployment } from './deployment-actions.js';

const ID = 'd1e2f3a4-0000-8000-a000-000000000001';
const v0: NomadJobSpec = { id: 'web', groups: [{ name: 'web', count: 3, tasks: [] }, { name: 'api', count: 1, tasks: [] }] };
const v1: NomadJobSpec = { ...v0, priority: 60 };
const group = { desiredTotal: 3, placed: 1, healthy: 1, unhealthy: 0, canaries: 1, promoted: false, autoRevert: true, autoPromote: false };
const deployment = (status: DeploymentState['status'], canaries = 1): DeploymentState => ({
  id: ID, jobVersion: 1, status, statusDescription: '', createdAt: '2026-01-01T00:00:00Z',
  groups: { web: { ...group, desiredCanaries: canaries }, api: { ...group, desiredCanaries: 0 } },
});
const job = (d: DeploymentState): NomadJob => ({
  apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'web', namespace: 'apps', resourceVersion: '10', generation: 2 }, spec: v1,
  status: {
    jobVersion: 1, specHash: specHash(v1), deployment: d,
    versions: [
      { version: 1, specHash: specHash(v1), submittedAt: '2026-01-02T00:00:00Z', stable: false, spec: encodeSpec(v1) },
      { version: 0, specHash: specHash(v0), submittedAt: '2026-01-01T00:00:00Z', stable: true, spec: encodeSpec(v0) },
    ],
  },
});

describe('deployment actions write the annotations `kubenomad deployment` writes', () => {
  it('promote names the deployment in the promote annotation and answers DeploymentUpdateResponse', async () => {
    const cluster = recordingCluster([job(deployment('blocked'))]);
    const out = await callHandler(promoteDeployment, cluster, { id: ID }, { DeploymentID: ID, All: true });
    expect(cluster.writes).toEqual([{ method: 'PATCH', path: '/apis/kubenomad.io/v1alpha1/namespaces/apps/nomadjobs/web', body: { metadata: { annotations: { [PROMOTE_ANNOTATION]: ID } } }, contentType: 'application/merge-patch+json' }]);
    expect(out.body).toMatchObject({ DeploymentModifyIndex: 11, EvalCreateIndex: 11, RevertedJobVersion: null });
  });

  it('promote naming every group with canaries is a promote of all; naming only some is not supported', async () => {
    await expect(callHandler(promoteDeployment, recordingCluster([job(deployment('blocked'))]), { id: ID }, { DeploymentID: ID, Groups: ['web'] })).resolves.toBeDefined();
    const two = { ...deployment('blocked'), groups: { web: { ...group, desiredCanaries: 1 }, api: { ...group, desiredCanaries: 1 } } };
    await expect(callHandler(promoteDeployment, recordingCluster([job(two)]), { id: ID }, { DeploymentID: ID, Groups: ['web'] })).rejects.toMatchObject({ status: 501 });
    await expect(callHandler(promoteDeployment, recordingCluster([job(two)]), { id: ID }, { DeploymentID: ID, Groups: ['nope', 'constructor'] })).rejects.toMatchObject({ status: 400, message: 'Deployment has no task group "nope", "constructor"' });
  });

  it('refuses what the CLI refuses: a terminal deployment, nothing to promote, a mismatched or unknown ID', async () => {
    const refused = (d: DeploymentState, body: object, id = ID): Promise<unknown> => callHandler(promoteDeployment, recordingCluster([job(d)]), { id }, body);
    await expect(refused(deployment('successful'), { DeploymentID: ID, All: true })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('is successful: nothing to promote') });
    await expect(refused(deployment('running', 0), { DeploymentID: ID, All: true })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('no canaries to promote') });
    await expect(refused(deployment('running'), { DeploymentID: 'other', All: true })).rejects.toMatchObject({ status: 400, message: 'Deployment ID does not match' });
    await expect(refused(deployment('running'), { DeploymentID: 'other', All: true }, 'other')).rejects.toMatchObject({ status: 404, message: 'deployment not found' });
  });

  it('pause true writes the pause annotation, pause false on a paused deployment removes it', async () => {
    const running = recordingCluster([job(deployment('running'))]);
    await callHandler(pauseDeployment, running, { id: ID }, { DeploymentID: ID, Pause: true });
    expect(running.writes[0]!.body).toEqual({ metadata: { annotations: { [PAUSE_ANNOTATION]: ID } } });
    const paused = recordingCluster([job(deployment('paused'))]);
    await callHandler(pauseDeployment, paused, { id: ID }, { DeploymentID: ID, Pause: false });
    expect(paused.writes[0]!.body).toEqual({ metadata: { annotations: { [PAUSE_ANNOTATION]: null } } });
  });

  it('fail writes the fail annotation and reports the stable version auto_revert goes back to', async () => {
    const cluster = recordingCluster([job(deployment('running'))]);
    const out = await callHandler(failDeployment, cluster, { id: ID }, { DeploymentID: ID });
    expect(cluster.writes[0]!.body).toEqual({ metadata: { annotations: { [FAIL_ANNOTATION]: ID } } });
    expect(out.body).toMatchObject({ RevertedJobVersion: 0 });
  });
});
