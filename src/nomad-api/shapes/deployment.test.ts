import { describe, expect, it } from '@jest/globals';
import type { DeploymentState, NomadJob } from '../../crds/nomadjob-types.js';
import { apiDeployment } from './deployment.js';

const deployment = (over: Partial<DeploymentState> = {}): DeploymentState => ({
  id: 'd1e2f3a4-0000-8000-a000-000000000001', jobVersion: 2, status: 'running', statusDescription: 'Deployment is running', createdAt: '2026-01-01T00:00:01Z',
  groups: { web: { desiredTotal: 3, desiredCanaries: 1, placed: 1, healthy: 1, unhealthy: 0, canaries: 1, promoted: false, autoRevert: true, autoPromote: false, requireProgressBy: '2026-01-01T00:10:01Z' } },
  ...over,
});
const job = (d?: DeploymentState): NomadJob => ({
  apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'web', namespace: 'apps', resourceVersion: '77' },
  spec: { id: 'web', update: { progressDeadline: '5m' }, groups: [{ name: 'web', count: 3, tasks: [] }] }, status: d ? { deployment: d } : {},
});

describe('api.Deployment from the recorded deployment', () => {
  it('is null for a job without a deployment', () => {
    expect(apiDeployment(job(), { defaultNamespace: 'default' })).toBeNull();
  });

  it('writes Nomad names, nanosecond deadlines and the job index', () => {
    const out = apiDeployment(job(deployment()), { defaultNamespace: 'default' });
    expect(out).toMatchObject({
      ID: 'd1e2f3a4-0000-8000-a000-000000000001', Namespace: 'apps', JobID: 'web', JobVersion: 2, Status: 'running', ModifyIndex: 77, JobCreateIndex: 77,
      CreateTime: Date.parse('2026-01-01T00:00:01Z') * 1e6,
      TaskGroups: { web: { DesiredTotal: 3, DesiredCanaries: 1, PlacedAllocs: 1, HealthyAllocs: 1, Promoted: false, AutoRevert: true, ProgressDeadline: 300e9, RequireProgressBy: '2026-01-01T00:10:01Z' } },
    });
  });

  it("reports kubenomad's blocked (awaiting promotion) as Nomad's running with the promotion description", () => {
    const out = apiDeployment(job(deployment({ status: 'blocked', statusDescription: 'Deployment is running but requires manual promotion' })), { defaultNamespace: 'apps' });
    expect(out).toMatchObject({ Namespace: 'default', Status: 'running', StatusDescription: 'Deployment is running but requires manual promotion' });
  });
});
