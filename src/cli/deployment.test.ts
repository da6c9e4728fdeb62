import { describe, expect, it } from '@jest/globals';
import type { DeploymentState, NomadJob } from '../crds/nomadjob-types.js';
import { actionAnnotations, formatDeployment } from './deployment.js';

const deployment = (status: DeploymentState['status'], desiredCanaries = 1, promoted = false): DeploymentState => ({
  id: '3f2a9c1e-0000-8000-a000-000000000000', jobVersion: 2, status, statusDescription: 'Deployment is running but requires manual promotion',
  createdAt: '2026-01-01T00:00:00.000Z',
  groups: { cache: { desiredTotal: 3, desiredCanaries, placed: 1, healthy: 1, unhealthy: 0, canaries: 1, promoted, autoRevert: true, autoPromote: false, requireProgressBy: '2026-01-01T00:10:00.000Z' } },
});
const job: NomadJob = { apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'example' }, spec: {} };

describe('formatDeployment (nomad deployment status)', () => {
  it('shows the deployment and its groups, with canary columns when it has canaries', () => {
    expect(formatDeployment(job, deployment('blocked'))).toBe([
      'ID          = 3f2a9c1e-0000-8000-a000-000000000000',
      'Job ID      = example',
      'Job Version = 2',
      'Status      = blocked',
      'Description = Deployment is running but requires manual promotion',
      '',
      'Deployed',
      'Task Group  Auto Revert  Promoted  Desired  Canaries  Placed  Healthy  Unhealthy  Progress Deadline',
      'cache       true         false     3        1         1       1        0          2026-01-01T00:10:00.000Z',
    ].join('\n'));
  });
});

describe('actionAnnotations', () => {
  it.each([
    ['promote', 'blocked', { 'kubenomad.io/deployment-promote': '3f2a9c1e-0000-8000-a000-000000000000' }],
    ['pause', 'running', { 'kubenomad.io/deployment-pause': '3f2a9c1e-0000-8000-a000-000000000000' }],
    ['resume', 'paused', { 'kubenomad.io/deployment-pause': null }],
    ['fail', 'running', { 'kubenomad.io/deployment-fail': '3f2a9c1e-0000-8000-a000-000000000000' }],
    ['promote', 'successful', 'Deployment 3f2a9c1e is successful: nothing to promote'],
    ['resume', 'running', 'Deployment 3f2a9c1e is not paused'],
  ] as const)('%s on a %s deployment', (action, status, expected) => {
    expect(actionAnnotations(action, deployment(status))).toEqual(expected);
  });

  it('refuses to promote a deployment without canaries waiting', () => {
    expect(actionAnnotations('promote', deployment('running', 0))).toBe('Deployment 3f2a9c1e has no canaries to promote');
  });
});
