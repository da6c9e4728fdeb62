import { describe, expect, it } from '@jest/globals';
import type { V1Pod } from '@kubernetes/client-node';
import type { NomadJob } from '../crds/nomadjob-types.js';
import { columnize, formatJobList, formatJobStatus } from './status.js';

const example: NomadJob = {
  apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob',
  metadata: { name: 'example', namespace: 'default', creationTimestamp: '2017-06-28T07:07:11Z' },
  spec: { type: 'service', priority: 50, datacenters: ['eu-west-1a', 'eu-west-1b'], groups: [{ name: 'cache', tasks: [] }] },
  status: { status: 'running', summary: { cache: { queued: 0, starting: 0, running: 1, failed: 0, complete: 0, lost: 0 } } },
};
const pod: V1Pod = {
  metadata: {
    name: 'example-cache-0', namespace: 'default', creationTimestamp: new Date('2017-06-28T07:07:11Z'),
    labels: { 'kubenomad.io/alloc-id': '8dd4be51-d9c2-fd55-a1ff-7ba8d777484c', 'kubenomad.io/group': 'cache' },
  },
  spec: { nodeName: 'ec28626d', containers: [] },
  status: { phase: 'Running' },
};

describe('formatJobStatus', () => {
  it('prints the seed 001 layout', () => {
    expect(formatJobStatus(example, [pod], { ec28626d: 'ready' })).toBe(`ID            = example
Name          = example
Submit Date   = 2017-06-28T07:07:11Z
Type          = service
Priority      = 50
Datacenters   = eu-west-1a,eu-west-1b
Namespace     = default
Node Pool     = default
Status        = running
Periodic      = false
Parameterized = false

Summary
Task Group  Queued  Starting  Running  Failed  Complete  Lost
cache       0       0         1        0       0         0

Allocations
ID        Node ID   Task Group  Desired  Status   Created At
8dd4be51  ec28626d  cache       run      running  2017-06-28T07:07:11.000Z
`);
  });

  it('says when no allocations are placed and shows placement failures', () => {
    const failed: NomadJob = { ...example, status: { placementFailures: [{ group: 'cache', failedAllocations: 3, nodesEvaluated: 1, nodesFiltered: 0, nodesAvailable: {}, nodesExhausted: 1, message: 'Task Group "cache" (failed to place 3 allocations):\n  * Dimension "cpu" exhausted on 1 nodes' }] } };
    const out = formatJobStatus(failed, [], {});
    expect(out).toContain('Placement Failure\nTask Group "cache" (failed to place 3 allocations):\n  * Dimension "cpu" exhausted on 1 nodes\n\nAllocations\nNo allocations placed\n');
  });

  it('shows the latest deployment between the summary and the allocations', () => {
    const deployment = {
      id: '2f1c4e0b-1111-8222-a333-444455556666', jobVersion: 1, status: 'successful' as const, statusDescription: 'Deployment completed successfully', createdAt: '2017-06-28T07:07:11Z',
      groups: { cache: { desiredTotal: 1, desiredCanaries: 0, placed: 1, healthy: 1, unhealthy: 0, canaries: 0, promoted: false, autoRevert: false, autoPromote: false, requireProgressBy: '2017-06-28T07:17:11Z' } },
    };
    const out = formatJobStatus({ ...example, status: { ...example.status, deployment } }, [pod], { ec28626d: 'ready' });
    expect(out).toContain(`Latest Deployment
ID          = 2f1c4e0b
Status      = successful
Description = Deployment completed successfully

Deployed
Task Group  Auto Revert  Desired  Placed  Healthy  Unhealthy  Progress Deadline
cache       false        1        1       1        0          2017-06-28T07:17:11Z

Allocations
`);
  });
});

describe('formatJobList', () => {
  it('lists jobs with the periodic/parameterized type suffix', () => {
    const ping: NomadJob = { ...example, metadata: { ...example.metadata, name: 'ping' }, spec: { type: 'batch', parameterized: {} }, status: undefined };
    expect(formatJobList([example, ping])).toBe(
      'ID       Type                 Priority  Status   Submit Date\nexample  service              50        running  2017-06-28T07:07:11Z\nping     batch/parameterized  50        pending  2017-06-28T07:07:11Z',
    );
  });

  it('columnizes with two spaces between padded columns', () => {
    expect(columnize([['a', 'bb'], ['ccc', 'd']])).toBe('a    bb\nccc  d');
  });
});
