/**
 * The controller tier of deployments: the reconciler against the recording fake API, with a clock the test moves.
 * A job's first version is deployed once its pods are ready for min_healthy_time; a new image rolls out one pod at
 * a time; a failing new version with auto_revert submits the stable spec again.
 */
import { describe, expect, it } from '@jest/globals';
import type { V1Pod } from '@kubernetes/client-node';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { NomadJob, UpdateStrategy } from '../../crds/nomadjob-types.js';
import { ClusterView } from '../cluster/cluster-view.js';
import { ExpectedPods } from './expected-pods.js';
import { controllerMetrics } from './metrics.js';
import { NomadJobReconciler } from './reconciler.js';
import { JobStore } from './store.js';
import { readyNode, RecordingApi } from './testing/fake-api.js';
import { after, makeGroup, NOW, redisTask } from './testing/builders.js';

const KEY = 'default/example';
const S = 1_000;

function harness(update: UpdateStrategy) {
  const api = new RecordingApi();
  const store = new JobStore();
  const view = new ClusterView();
  let clock = NOW;
  const job: NomadJob = {
    apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob',
    metadata: { name: 'example', namespace: 'default', uid: 'job-uid', generation: 1 },
    spec: { type: 'service', datacenters: ['dc1'], update, groups: [makeGroup({ count: 3 })] },
  };
  for (const name of ['n1', 'n2']) view.upsertNode(readyNode({ name, memoryMiB: 65536 }));
  const registry = new Registry();
  const reconciler = new NomadJobReconciler({
    api, store, view, log: pino({ level: 'silent' }), metrics: controllerMetrics(registry), settings: { algorithm: 'binpack' },
    blocked: new Set(), expected: new ExpectedPods(), now: () => clock,
  });
  const sync = (): void => {
    store.upsertJob(api.jobWithStatus(job));
    for (const pod of store.pods(KEY)) if (!api.pods.has(`default/${pod.metadata?.name}`)) store.deletePod(pod);
    for (const pod of api.pods.values()) store.upsertPod(structuredClone(pod));
  };
  /** Every pod that is not yet running runs and is ready from now on (or fails). */
  const start = (outcome: 'ready' | 'failed' = 'ready'): void => {
    for (const pod of api.pods.values()) {
      if (pod.status?.phase !== 'Pending') continue;
      pod.status = outcome === 'ready'
        ? { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: clock }], containerStatuses: [{ name: 'redis', image: 'x', imageID: '', ready: true, restartCount: 0, state: { running: { startedAt: clock } } }] }
        : { phase: 'Failed', containerStatuses: [{ name: 'redis', image: 'x', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 1, finishedAt: clock } } }] };
    }
  };
  const pass = async (at: number): Promise<{ requeueAfterMs?: number } | void> => {
    clock = after(NOW, at);
    sync();
    const result = await reconciler.reconcile(KEY);
    sync();
    return result;
  };
  const image = (pod: V1Pod): string | undefined => pod.spec?.containers[0]?.image;
  return { api, job, start, pass, image, registry };
}

const events = (api: RecordingApi, from = 0): string[] => api.writesSince(from).filter((w) => w.op === 'event').map((w) => (w.detail as { reason: string }).reason);

describe('NomadJob reconciler: deployments', () => {
  it('deploys version 0 once its pods are ready for min_healthy_time, marks it stable, and then writes nothing', async () => {
    const h = harness({ maxParallel: 1, minHealthyTime: '10s' });
    await h.pass(0);
    expect(h.api.status?.deployment).toMatchObject({ jobVersion: 0, status: 'running' });
    expect(events(h.api)).toContain('DeploymentStarted');
    h.start();
    // Ready at 0s: healthy at 10s; the reconciler asks to be woken then (the healthy deadline is later).
    const waiting = await h.pass(1 * S);
    expect(waiting).toEqual({ requeueAfterMs: 9 * S });
    await h.pass(10 * S);
    expect(h.api.status).toMatchObject({ jobVersion: 0, deployment: { status: 'successful', groups: { cache: { healthy: 3 } } }, versions: [{ version: 0, stable: true }] });
    expect(events(h.api)).toContain('DeploymentSuccessful');
    const writes = h.api.writes.length;
    await h.pass(11 * S);
    expect(h.api.writesSince(writes)).toEqual([]);
    const gauge = (await h.registry.getSingleMetric('nomad_nomad_deployment_allocations')!.get()).values;
    expect(gauge.filter((v) => v.labels.state === 'healthy').map((v) => [v.labels.task_group, v.value])).toEqual([['cache', 3]]);
  });

  it('rolls a new image out one pod at a time (max_parallel 1)', async () => {
    const h = harness({ maxParallel: 1, minHealthyTime: '10s' });
    await h.pass(0);
    h.start();
    await h.pass(10 * S);
    h.job.spec.groups = [makeGroup({ count: 3, tasks: [redisTask({ config: { image: 'redis:8' } })] })];
    h.job.metadata.generation = 2;
    const from = h.api.writes.length;
    await h.pass(11 * S);
    expect(h.api.writesSince(from).filter((w) => w.op === 'deletePod' || w.op === 'createPod').map((w) => w.op)).toEqual(['deletePod', 'createPod']);
    expect(h.api.status?.deployment).toMatchObject({ jobVersion: 1, status: 'running', groups: { cache: { placed: 1, healthy: 0 } } });
    h.start();
    await h.pass(12 * S); // ready, not yet healthy: nothing more
    expect([...h.api.pods.values()].filter((p) => h.image(p) === 'redis:8')).toHaveLength(1);
    await h.pass(22 * S);
    expect([...h.api.pods.values()].filter((p) => h.image(p) === 'redis:8')).toHaveLength(2);
  });

  it('auto_revert: a new version whose allocation fails (no progress deadline) fails and submits the stable spec again', async () => {
    const h = harness({ maxParallel: 1, minHealthyTime: '1s', autoRevert: true, progressDeadline: '0' });
    await h.pass(0);
    h.start();
    await h.pass(2 * S);
    const stableSpec = structuredClone(h.job.spec);
    h.job.spec.groups = [makeGroup({ count: 3, tasks: [redisTask({ config: { image: 'broken' } })] })];
    h.job.metadata.generation = 2;
    await h.pass(3 * S);
    h.start('failed');
    const from = h.api.writes.length;
    await h.pass(4 * S);
    expect(h.api.status?.deployment).toMatchObject({ jobVersion: 1, status: 'failed', statusDescription: 'Failed due to unhealthy allocations - rolling back to job version 0' });
    const revert = h.api.writesSince(from).find((w) => w.op === 'replaceSpec');
    expect(revert?.detail).toEqual(JSON.parse(JSON.stringify(stableSpec)));
    expect(events(h.api, from)).toEqual(expect.arrayContaining(['DeploymentFailed', 'DeploymentReverted']));
  });
});
