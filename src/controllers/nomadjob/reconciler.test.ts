/**
 * The controller tier: the reconciler against a recording fake API (no cluster). `sync()` stands in for the
 * informers, copying what the fake API holds into the store and the cluster view.
 */
import { describe, expect, it } from '@jest/globals';
import type { V1Node } from '@kubernetes/client-node';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { NomadJob, NomadJobSpec } from '../../crds/nomadjob-types.js';
import { ClusterView } from '../cluster/cluster-view.js';
import { ExpectedPods } from './expected-pods.js';
import { PREVIOUS_ALLOC_ANNOTATION } from './labels.js';
import { controllerMetrics } from './metrics.js';
import { NomadJobReconciler } from './reconciler.js';
import { JobStore } from './store.js';
import { apiError, readyNode, RecordingApi } from './testing/fake-api.js';
import { makeGroup, NOW, redisTask } from './testing/builders.js';

const KEY = 'default/example';

function nomadJob(spec: Partial<NomadJobSpec> = {}): NomadJob {
  return {
    apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob',
    metadata: { name: 'example', namespace: 'default', uid: 'job-uid', generation: 1, resourceVersion: '1' },
    spec: { type: 'service', datacenters: ['dc1'], groups: [makeGroup({ count: 3 })], ...spec },
  };
}

function harness(spec: Partial<NomadJobSpec> = {}, nodes: V1Node[] = [readyNode({ name: 'n1' }), readyNode({ name: 'n2' })]) {
  return harnessWith(spec, undefined, nodes);
}

function harnessWith(spec: Partial<NomadJobSpec>, signal?: AbortSignal, nodes: V1Node[] = [readyNode({ name: 'n1', memoryMiB: 65536 }), readyNode({ name: 'n2', memoryMiB: 65536 })], placementBatch?: number, bindMode?: 'node-name' | 'binding') {
  const api = new RecordingApi();
  const store = new JobStore();
  const view = new ClusterView();
  const job = nomadJob(spec);
  for (const n of nodes) view.upsertNode(n);
  const deps = {
    api, store, view, log: pino({ level: 'silent' }), metrics: controllerMetrics(new Registry()),
    settings: { algorithm: 'binpack' as const, placementBatch, bindMode }, blocked: new Set<string>(), expected: new ExpectedPods(), now: () => NOW, signal,
  };
  const reconciler = new NomadJobReconciler(deps);
  /** Plays the informers: the job with its stored status, and every pod the fake API holds. */
  const sync = (): void => {
    store.upsertJob(api.jobWithStatus(job));
    for (const pod of store.pods(KEY)) if (!api.pods.has(`default/${pod.metadata?.name}`)) { store.deletePod(pod); view.deletePod(pod); }
    for (const pod of api.pods.values()) { store.upsertPod(pod); view.upsertPod(pod); }
  };
  sync();
  return { api, store, view, reconciler, sync, job };
}

const ops = (api: RecordingApi, from = 0): string[] => api.writesSince(from).map((w) => w.op);

describe('NomadJob reconciler', () => {
  it('places a new job in one pass: creates each allocation already bound to its node (one write), then writes status once', async () => {
    const { api, reconciler } = harness();
    await reconciler.reconcile(KEY);
    expect(ops(api).filter((o) => o === 'createPod')).toHaveLength(3);
    expect(ops(api).filter((o) => o === 'bindPod')).toHaveLength(0);
    expect([...api.pods.values()].every((p) => p.spec?.nodeName && p.spec.nodeName === p.metadata?.annotations?.['kubenomad.io/target-node'])).toBe(true);
    expect(ops(api).filter((o) => o === 'patchStatus')).toHaveLength(1);
    expect(ops(api).filter((o) => o === 'patchMetadata')).toHaveLength(0); // generations live in status
    expect(api.status?.placementSeed).toMatch(/^[0-9a-f]{12}$/);
  });

  it('with bind mode "binding", creates each pod unbound and binds it through pods/binding', async () => {
    const { api, reconciler } = harnessWith({}, undefined, undefined, undefined, 'binding');
    await reconciler.reconcile(KEY);
    expect(ops(api).filter((o) => o === 'createPod')).toHaveLength(3);
    expect(api.writes.filter((w) => w.op === 'bindPod').map((w) => w.detail)).toHaveLength(3);
  });

  it('writes nothing when it reconciles a converged job again', async () => {
    const { api, reconciler, sync } = harness();
    await reconciler.reconcile(KEY);
    sync();
    await reconciler.reconcile(KEY); // the pods are now seen bound: status moves from queued to starting
    sync();
    const before = api.writes.length;
    await reconciler.reconcile(KEY);
    expect(ops(api, before)).toEqual([]);
  });

  it('settles on a job that cannot be placed: the next pass writes nothing and waits for capacity', async () => {
    const { api, reconciler, sync } = harness({ groups: [makeGroup({ count: 1, tasks: [redisTask({ resources: { cpu: 100, memory: 1_000_000 } })] })] });
    const first = await reconciler.reconcile(KEY);
    expect(api.status?.summary?.cache?.queued).toBe(1);
    expect(first).toEqual({ requeueAfterMs: 30_000 });
    sync();
    const before = api.writes.length;
    await reconciler.reconcile(KEY);
    expect(ops(api, before)).toEqual([]);
  });

  it('does not create an allocation twice when the cache has not shown its pod yet', async () => {
    const { api, reconciler } = harness();
    await reconciler.reconcile(KEY);
    const before = api.writes.length;
    await reconciler.reconcile(KEY); // no sync: the store still shows no pods
    expect(ops(api, before).filter((o) => o === 'createPod')).toEqual([]);
  });

  it('records status even when creating pods fails, and claims no placement', async () => {
    const { api, reconciler } = harness();
    api.fail.createPod = apiError(500, 'etcdserver: request timed out');
    await reconciler.reconcile(KEY);
    api.fail = {};
    const placed = api.status?.conditions?.find((c) => c.type === 'Placed');
    expect(placed).toMatchObject({ status: 'False', reason: 'ApplyFailed' });
    expect(placed?.message).toContain('etcdserver: request timed out');
    expect(api.writes.filter((w) => w.op === 'event' && (w.detail as { reason: string }).reason === 'Placed')).toEqual([]);
  });

  it('reports a create that fails with 409 instead of ignoring it', async () => {
    const { api, reconciler } = harness({ groups: [makeGroup({ count: 1 })] });
    api.fail.createPod = apiError(409, 'pods "example-cache-0-x" already exists');
    await reconciler.reconcile(KEY);
    expect(api.status?.conditions?.find((c) => c.type === 'Placed')?.message).toContain('already exists');
  });

  it('keeps holding the node for a create whose outcome is unknown (504, no answer), and lets a refused one go', async () => {
    const held = async (err: Error): Promise<number> => {
      const { api, reconciler, view } = harness({ groups: [makeGroup({ count: 1 })] });
      api.fail.createPod = err;
      await reconciler.reconcile(KEY);
      return view.state.allocations.size;
    };
    expect(await held(apiError(504, 'Timeout: request did not complete within the allotted timeout'))).toBe(1);
    expect(await held(apiError(500, 'etcdserver: request timed out'))).toBe(1);
    expect(await held(new Error('socket hang up'))).toBe(1);
    expect(await held(apiError(422, 'Pod "x" is invalid'))).toBe(0);
    expect(await held(apiError(403, 'forbidden'))).toBe(0);
  });

  it('stops sending creates once the namespace is being deleted (each would be refused)', async () => {
    const { api, reconciler } = harness({ groups: [makeGroup({ count: 100 })] });
    let attempts = 0;
    const create = api.createPod.bind(api);
    api.createPod = async (ns, pod) => {
      attempts++;
      return create(ns, pod);
    };
    api.fail.createPod = apiError(403, 'pods "x" is forbidden: unable to create new content in namespace default because it is being terminated');
    await reconciler.reconcile(KEY);
    expect(attempts).toBeLessThanOrEqual(16); // the creates already in flight, not the other 84
    expect(api.status?.conditions?.find((c) => c.type === 'Placed')?.message).toContain('being terminated');
  });

  it('returns quietly when the job is deleted while it reconciles', async () => {
    const { api, reconciler, store, job } = harness();
    api.fail.patchStatus = apiError(404, 'nomadjobs "example" not found');
    api.fail.event = apiError(404, 'not found');
    const pass = reconciler.reconcile(KEY);
    store.deleteJob(job);
    await expect(pass).resolves.toBeUndefined();
  });

  it('replaces an allocation lost with its node under a new pod name that names its predecessor', async () => {
    const { api, reconciler, sync, view } = harness({ groups: [makeGroup({ count: 1 })] });
    await reconciler.reconcile(KEY);
    sync();
    const [first] = [...api.pods.values()];
    const lostNode = first!.spec!.nodeName!;
    view.upsertNode(readyNode({ name: lostNode }, false));
    await reconciler.reconcile(KEY);
    const replacement = [...api.pods.values()].find((p) => p.metadata?.name !== first!.metadata?.name);
    expect(replacement?.metadata?.annotations?.[PREVIOUS_ALLOC_ANNOTATION]).toBe(first!.metadata?.labels?.['kubenomad.io/alloc-id']);
    expect(replacement?.spec?.nodeName).not.toBe(lostNode);
  });

  it('records a job that cannot render once, as invalid, and never retries it as a capacity failure', async () => {
    const { api, reconciler, sync } = harness({ groups: [makeGroup({ tasks: [redisTask({ config: { ports: ['db'] } })] })] });
    const result = await reconciler.reconcile(KEY);
    sync();
    await reconciler.reconcile(KEY);
    expect(result).toBeUndefined(); // no requeue
    expect(ops(api)).toEqual(['patchStatus', 'event']);
    expect(api.status?.conditions?.[0]).toMatchObject({ reason: 'InvalidJob', message: expect.stringContaining('needs an "image"') });
  });
});

describe('NomadJob reconciler with a job larger than one placement batch', () => {
  it('places one batch per pass, shows the rest queued, and asks to continue at once', async () => {
    const { api, reconciler, sync } = harnessWith({ groups: [makeGroup({ count: 30, tasks: [redisTask({ resources: { cpu: 10, memory: 10 } })] })] }, undefined, undefined, 12);
    const first = await reconciler.reconcile(KEY);
    expect(api.pods.size).toBe(12);
    expect(first).toEqual({ requeueAfterMs: 1 });
    expect(api.status?.conditions?.find((c) => c.type === 'Placed')?.message).toBe('18 allocations waiting for placement');
    sync();
    await reconciler.reconcile(KEY);
    sync();
    await reconciler.reconcile(KEY);
    expect(api.pods.size).toBe(30);
  });
});

describe('NomadJob reconciler on shutdown', () => {
  it('abandons creates it has not started once stopping, and frees their assumed capacity', async () => {
    const stopping = new AbortController();
    const { api, view, reconciler } = harnessWith({ groups: [makeGroup({ count: 40 })] }, stopping.signal);
    let creates = 0;
    const create = api.createPod.bind(api);
    api.createPod = async (ns, pod) => {
      if (++creates === 5) stopping.abort();
      return create(ns, pod);
    };
    await reconciler.reconcile(KEY);
    // The abort came as the 5th create started; the other 35 never started and hold nothing.
    expect(api.pods.size).toBe(5);
    expect(view.state.allocations.size).toBe(5);
  });
});

describe('NomadJob reconciler when the pod watch lags', () => {
  it('neither re-creates nor un-counts allocations it created while the informer is minutes behind', async () => {
    const api = new RecordingApi();
    const store = new JobStore();
    const view = new ClusterView();
    const job = nomadJob({ type: 'batch', groups: [makeGroup({ count: 4 })] });
    view.upsertNode(readyNode({ name: 'n1', memoryMiB: 65536 }));
    let now = NOW;
    const deps = {
      api, store, view, log: pino({ level: 'silent' }), metrics: controllerMetrics(new Registry()),
      settings: { algorithm: 'binpack' as const, placementBatch: 2 }, blocked: new Set<string>(), expected: new ExpectedPods(), now: () => now,
    };
    const reconciler = new NomadJobReconciler(deps);
    store.upsertJob(api.jobWithStatus(job));
    await reconciler.reconcile(KEY); // creates 2 (batch of 2); the informer shows none of them
    const used = (): number => [...view.snapshot(now.getTime()).allocations.values()].filter((a) => a.jobId === 'example').length;
    expect(api.pods.size).toBe(2);
    for (const minutes of [2, 5]) {
      now = new Date(NOW.getTime() + minutes * 60_000);
      store.upsertJob(api.jobWithStatus(job)); // status (allocSlots) arrives, the pods do not
      await reconciler.reconcile(KEY);
    }
    // The next batch was created; nothing was re-created under a new generation, and every created pod still holds its node.
    expect([...api.pods.keys()].sort()).toEqual(expect.arrayContaining([...api.pods.keys()].filter((k) => !/-1$/.test(k))));
    expect(api.pods.size).toBe(4);
    expect(used()).toBe(4);
  });
});

describe('NomadJob reconciler: restart enforcement', () => {
  it('fails an allocation whose task used up its restarts (one pod patch), and a second pass writes nothing', async () => {
    // count 1, restart defaults for service: 2 attempts in 30m, mode fail.
    const { api, reconciler, sync } = harness({ groups: [makeGroup({ count: 1 })] });
    await reconciler.reconcile(KEY);
    const pod = [...api.pods.values()][0]!;
    // The kubelet restarted the task twice and it crashed a third time (waiting to restart).
    pod.status = {
      phase: 'Running', startTime: new Date(NOW.getTime() - 60_000),
      containerStatuses: [{
        name: 'redis', image: 'redis:7', imageID: '', ready: false, restartCount: 2,
        state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: new Date(NOW.getTime() - 1_000) } },
      }],
    };
    sync();
    const before = api.writes.length;
    await reconciler.reconcile(KEY);
    const patches = api.writesSince(before).filter((w) => w.op === 'patchPod');
    expect(patches.map((w) => w.detail)).toEqual([{
      metadata: { annotations: { 'kubenomad.io/restarts-exhausted': 'Task "redis": Exceeded allowed attempts 2 in interval 30m and mode is "fail"' } },
      spec: { activeDeadlineSeconds: 1 },
    }]);
    sync();
    const settled = api.writes.length;
    await reconciler.reconcile(KEY);
    expect(ops(api, settled)).toEqual([]);
  });
});
