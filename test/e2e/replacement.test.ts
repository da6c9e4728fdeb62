/**
 * Replacing allocations, as the issue specifies it: a node that turns NotReady (its allocations are Lost, then
 * replaced elsewhere under new names and alloc ids), a node that is deleted (replaced without waiting for pod
 * garbage collection), a batch allocation that keeps failing (rescheduled once, then left failed), and "Placed"
 * events that never claim more allocations than exist. Each scenario has its own namespace, datacenter, fake
 * nodes and controller; a recording of the namespace's pods shows what happened between polls.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { NomadJob, NomadJobSpec } from '../../src/crds/nomadjob-types.js';
import { toApiError } from '../../src/k8s/objects.js';
import { deleteFakeNodes } from '../../src/local-cluster/bootstrap.js';
import type { FakeNodeSpec } from '../../src/local-cluster/fake-nodes.js';
import { FAIL_AFTER_ANNOTATION } from '../../src/local-cluster/kwok-stages.js';
import { waitFor } from '../../src/local-cluster/readiness.js';
import { allocId, allocIndex, describePods, live, previousAlloc, running, waitRunning } from './support/alloc.js';
import { createNamespace, deleteNamespace, kubeConfig } from './support/cluster.js';
import { overclaimingPlacedEvents, placedEvents } from './support/events.js';
import { createJob, jobPods, readJob, redisJob, touchJob } from './support/jobs.js';
import { createReadyNodes, makeNodeNotReady } from './support/nodes.js';
import { reconcileAgain, startTestController, type TestController } from './support/operator.js';
import { recordChanges, type RecordedEvent, type Recorder } from './support/watch.js';

let kc: KubeConfig;

interface Scenario {
  ns: string;
  dc: string;
  nodes: string[];
  controller: TestController;
  /** Every change of the namespace's pods since the scenario started. */
  pods: Recorder<V1Pod>;
}

// Three 4-core 4 GiB nodes per scenario: any one of them holds a whole redis job of count 3 (256 MB each), so
// the replacements always fit on the nodes that are left.
const nodeSpecs = (dc: string, n = 3): FakeNodeSpec[] =>
  Array.from({ length: n }, (_, i) => ({ name: `${dc}-${i + 1}`, datacenter: dc, cpuCores: 4, memoryMiB: 4096 }));

async function startScenario(name: string): Promise<Scenario> {
  const dc = `rp-${name}`;
  const ns = await createNamespace(kc, `e2e-${dc}`);
  const nodes = await createReadyNodes(kc, nodeSpecs(dc));
  const pods = await recordChanges<V1Pod>(kc, { path: `/api/v1/namespaces/${ns}/pods` });
  const controller = await startTestController(ns);
  return { ns, dc, nodes, controller, pods };
}

async function endScenario(s: Scenario | undefined): Promise<void> {
  if (!s) return;
  s.pods.stop();
  await s.controller.stop();
  await deleteNamespace(kc, s.ns);
  await deleteFakeNodes(kc, s.nodes);
}

const uidOf = (p: V1Pod): string => p.metadata?.uid ?? '';

/**
 * Waits until every victim's allocation index has a live Running pod other than the victim, bound to another
 * node, and the job runs exactly `count` pods; returns the replacement of each victim (same order).
 */
async function waitReplaced(s: Scenario, job: string, victims: V1Pod[], count: number): Promise<V1Pod[]> {
  let found: Array<V1Pod | undefined> = [];
  await waitFor(`replacements of ${victims.length} allocation(s) of ${job}`, async () => {
    const pods = await jobPods(kc, s.ns, job);
    found = victims.map((v) => running(pods).find((p) => allocIndex(p) === allocIndex(v) && uidOf(p) !== uidOf(v) && p.spec?.nodeName !== v.spec?.nodeName));
    return (found.every((p) => p !== undefined) && running(pods).length === count) || describePods(pods);
  }, 120_000, 500);
  return found as V1Pod[];
}

/** New pod name, new alloc id, same index, previous-alloc naming the replaced allocation; no pod ever reused a victim's name. */
function expectReplacementIdentity(s: Scenario, victims: V1Pod[], replacements: V1Pod[]): void {
  const victimNames = new Set(victims.map((v) => v.metadata?.name));
  victims.forEach((victim, i) => {
    const r = replacements[i]!;
    const id = allocId(r);
    expect({ renamed: r.metadata?.name !== victim.metadata?.name, newAllocId: id !== undefined && id !== allocId(victim), index: allocIndex(r), previousAlloc: previousAlloc(r) })
      .toEqual({ renamed: true, newAllocId: true, index: allocIndex(victim), previousAlloc: allocId(victim) });
    expect(victimNames.has(r.metadata?.name)).toBe(false);
  });
  const victimUids = new Set(victims.map(uidOf));
  const reused = s.pods.events.filter((e) => victimNames.has(e.object.metadata?.name) && !victimUids.has(uidOf(e.object)));
  expect(reused.map((e) => `${e.type} ${e.object.metadata?.name}`)).toEqual([]);
}

/** The index of the first recorded event of pod `uid` that matches `pick`, or -1. */
function firstEvent(events: ReadonlyArray<RecordedEvent<V1Pod>>, uid: string, pick: (e: RecordedEvent<V1Pod>) => boolean): number {
  return events.findIndex((e) => uidOf(e.object) === uid && pick(e));
}

const deletionStarted = (e: RecordedEvent<V1Pod>): boolean => e.type === 'DELETED' || !live(e.object);
const markedByPodGc = (e: RecordedEvent<V1Pod>): boolean =>
  (e.object.status?.conditions ?? []).some((c) => c.type === 'DisruptionTarget' && c.reason === 'DeletionByPodGC');
const runsBound = (e: RecordedEvent<V1Pod>): boolean => e.type !== 'DELETED' && Boolean(e.object.spec?.nodeName) && e.object.status?.phase === 'Running';

/** No "Placed" event claims more allocations than the job has pods; `placed`: the job did place some, so the check is not vacuous. */
async function expectNoOverclaim(s: Scenario, job: string, placed: boolean): Promise<void> {
  if (placed) expect((await placedEvents(kc, s.ns, job)).length).toBeGreaterThan(0);
  expect(await overclaimingPlacedEvents(kc, s.ns, job)).toEqual([]);
}

beforeAll(() => {
  kc = kubeConfig();
});

describe('a node that turns NotReady', () => {
  let s: Scenario | undefined;
  beforeAll(async () => {
    s = await startScenario('a');
  }, 180_000);
  afterAll(() => endScenario(s));

  it('reports its service allocations Lost while their pods remain, then runs replacements elsewhere under new names and alloc ids', async () => {
    const sc = s!;
    await createJob(kc, sc.ns, 'cache', redisJob([sc.dc], 3));
    const before = await waitRunning(kc, sc.ns, 'cache', 3);
    const node = before[0]!.spec!.nodeName!;
    const victims = before.filter((p) => p.spec?.nodeName === node);
    const statuses = await recordChanges<NomadJob>(kc, { path: `/apis/kubenomad.io/v1alpha1/namespaces/${sc.ns}/nomadjobs`, fieldSelector: 'metadata.name=cache' });
    try {
      await makeNodeNotReady(kc, node);
      const replacements = await waitReplaced(sc, 'cache', victims, 3);
      await waitFor('summary: cache running 3', async () => {
        const summary = (await readJob(kc, sc.ns, 'cache'))?.status?.summary;
        return summary?.cache?.running === 3 || JSON.stringify(summary);
      }, 60_000, 500);
      statuses.assertComplete();
      sc.pods.assertComplete();
      const lost = statuses.events.find((e) => e.object.status?.summary?.cache?.lost === victims.length);
      const seen = statuses.events.map((e) => JSON.stringify(e.object.status?.summary?.cache ?? {}));
      expect({ lostShown: lost !== undefined, summaries: lost ? [] : seen }).toEqual({ lostShown: true, summaries: [] });
      // "While the old pods remain": no victim's deletion began before the status write that showed them Lost.
      // The apiserver's resourceVersions are revisions of its one etcd, so they order writes across resources.
      const lostAt = BigInt(lost!.object.metadata!.resourceVersion!);
      for (const v of victims) {
        const i = firstEvent(sc.pods.events, uidOf(v), deletionStarted);
        if (i >= 0) expect(BigInt(sc.pods.events[i]!.object.metadata!.resourceVersion!)).toBeGreaterThan(lostAt);
      }
      expectReplacementIdentity(sc, victims, replacements);
      await expectNoOverclaim(sc, 'cache', true);
    } finally {
      statuses.stop();
    }
  }, 300_000);
});

describe('a node that is deleted', () => {
  let s: Scenario | undefined;
  beforeAll(async () => {
    s = await startScenario('b');
  }, 180_000);
  afterAll(() => endScenario(s));

  it('replaces its allocations on other nodes without waiting for pod garbage collection', async () => {
    const sc = s!;
    await createJob(kc, sc.ns, 'cache', redisJob([sc.dc], 3));
    const before = await waitRunning(kc, sc.ns, 'cache', 3);
    const node = before[0]!.spec!.nodeName!;
    const victims = before.filter((p) => p.spec?.nodeName === node);
    await deleteFakeNodes(kc, [node]);
    const replacements = await waitReplaced(sc, 'cache', victims, 3);
    sc.pods.assertComplete();
    // Who removed an orphaned pod is visible in the pod stream: kube-controller-manager's pod GC marks a pod
    // whose node is gone with condition DisruptionTarget/DeletionByPodGC (and phase Failed) before deleting it;
    // the operator's own deletion leaves no such mark. So, with no clock involved: each replacement must be
    // seen bound and Running before any pod-GC mark on the pod it replaces (or with no mark at all, i.e. the
    // orphan still exists or the operator deleted it). An operator that waits for pod GC cannot pass this.
    const order = victims.map((v, i) => ({
      victim: v.metadata?.name,
      replacementRunningAt: firstEvent(sc.pods.events, uidOf(replacements[i]!), runsBound),
      podGcMarkedAt: firstEvent(sc.pods.events, uidOf(v), markedByPodGc),
    }));
    expect(order.filter((o) => o.replacementRunningAt < 0 || (o.podGcMarkedAt >= 0 && o.podGcMarkedAt < o.replacementRunningAt))).toEqual([]);
    expect(replacements.map((r) => r.spec?.nodeName)).not.toContain(node);
    expectReplacementIdentity(sc, victims, replacements);
    await expectNoOverclaim(sc, 'cache', true);
  }, 300_000);
});

/** A batch job whose only allocation fails 1s after it starts, rescheduled at most once in 24h. */
function flakyBatch(dc: string): NomadJobSpec {
  return {
    type: 'batch',
    datacenters: [dc],
    groups: [{
      name: 'work',
      count: 1,
      reschedule: { attempts: 1, interval: '24h', delay: '1s', delayFunction: 'constant', unlimited: false },
      kubernetes: { annotations: { [FAIL_AFTER_ANNOTATION]: '1s' } },
      tasks: [{ name: 'step', driver: 'exec', config: { command: '/bin/false' }, resources: { cpu: 100, memory: 64 } }],
    }],
  };
}

describe('a batch allocation that keeps failing', () => {
  let s: Scenario | undefined;
  beforeAll(async () => {
    s = await startScenario('c');
  }, 180_000);
  afterAll(() => endScenario(s));

  it('is replaced once, then both stay Failed and no further pod is created', async () => {
    const sc = s!;
    await createJob(kc, sc.ns, 'flaky', flakyBatch(sc.dc));
    await waitFor('Failed 2 and the reschedule policy exhausted', async () => {
      const st = (await readJob(kc, sc.ns, 'flaky'))?.status;
      const exhausted = st?.conditions?.some((c) => c.reason === 'AllocationsFailed' && c.status === 'False');
      return (st?.summary?.work?.failed === 2 && st.status === 'dead' && exhausted === true)
        || `${st?.status} ${JSON.stringify(st?.summary)} ${JSON.stringify(st?.conditions?.map((c) => c.reason))} pods: ${describePods(await jobPods(kc, sc.ns, 'flaky'))}`;
    }, 120_000, 500);
    await reconcileAgain(sc.controller, (i) => touchJob(kc, sc.ns, 'flaky', `again-${i}`));
    sc.pods.assertComplete();
    // Pods in the order they were first seen: the failed allocation, then its replacement.
    const created = [...new Set(sc.pods.events.filter((e) => e.object.metadata?.labels?.['kubenomad.io/job'] === 'flaky').map((e) => uidOf(e.object)))];
    const now = await jobPods(kc, sc.ns, 'flaky');
    const pods = created.map((uid) => now.find((p) => uidOf(p) === uid)).filter((p): p is V1Pod => p !== undefined);
    expect({ created: created.length, phases: pods.map((p) => p.status?.phase) }).toEqual({ created: 2, phases: ['Failed', 'Failed'] });
    const [first, second] = pods as [V1Pod, V1Pod];
    expectReplacementIdentity(sc, [first], [second]);
    expect((await readJob(kc, sc.ns, 'flaky'))?.status?.summary?.work?.failed).toBe(2);
    await expectNoOverclaim(sc, 'flaky', true);
  }, 300_000);
});

/** Limits the namespace to `pods` pods through a ResourceQuota that admission enforces at once. */
async function limitPods(ns: string, pods: number): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  // No resourcequota controller runs in the suite's kube-controller-manager, so the quota's status (which
  // admission charges against) is written here. `persistentvolumeclaims: 0` lets the test see when admission
  // enforces the quota: a dry-run claim is refused.
  const hard = { pods: String(pods), persistentvolumeclaims: '0' };
  await core.createNamespacedResourceQuota({ namespace: ns, body: { metadata: { name: 'capped' }, spec: { hard } } });
  await core.patchNamespacedResourceQuotaStatus(
    { name: 'capped', namespace: ns, body: { status: { hard, used: { pods: '0', persistentvolumeclaims: '0' } } } },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
  await waitFor('the quota enforced', async () => {
    try {
      await core.createNamespacedPersistentVolumeClaim({
        namespace: ns,
        dryRun: 'All',
        body: { metadata: { name: 'probe' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
      });
      return 'a dry-run claim was admitted';
    } catch (err) {
      const e = toApiError(err);
      return (e.code === 403 && /exceeded quota/.test(e.message)) || `${e.code} ${e.message}`;
    }
  }, 30_000, 250);
}

describe('"Placed" events', () => {
  describe('when a quota admits only some of the placed allocations', () => {
    let s: Scenario | undefined;
    beforeAll(async () => {
      s = await startScenario('d-quota');
      await limitPods(s.ns, 2);
    }, 180_000);
    afterAll(() => endScenario(s));

    it('claim no more allocations than pods were created', async () => {
      const sc = s!;
      await createJob(kc, sc.ns, 'capped', redisJob([sc.dc], 4));
      await waitRunning(kc, sc.ns, 'capped', 2);
      // Let the controller retry the two it could not create a few times before reading the events.
      await reconcileAgain(sc.controller, (i) => touchJob(kc, sc.ns, 'capped', `again-${i}`));
      expect((await jobPods(kc, sc.ns, 'capped')).length).toBe(2);
      await expectNoOverclaim(sc, 'capped', false);
    }, 300_000);
  });

  describe('when one group of the job cannot be rendered', () => {
    let s: Scenario | undefined;
    beforeAll(async () => {
      s = await startScenario('d-render');
    }, 180_000);
    afterAll(() => endScenario(s));

    it('claim no more allocations than pods were created', async () => {
      const sc = s!;
      const spec = redisJob([sc.dc], 2);
      // A docker task without an image: no pod can be rendered for this group, whatever node it gets.
      spec.groups!.push({ name: 'broken', count: 2, tasks: [{ name: 'noimage', driver: 'docker', config: {}, resources: { cpu: 100, memory: 64 } }] });
      await createJob(kc, sc.ns, 'half', spec);
      await waitFor('the job status to report the broken group', async () => {
        const st = (await readJob(kc, sc.ns, 'half'))?.status;
        const reported = st?.conditions?.some((c) => c.reason === 'InvalidJob') || (st?.placementFailures?.length ?? 0) > 0;
        return reported === true || JSON.stringify(st ?? {});
      }, 60_000, 500);
      await reconcileAgain(sc.controller, (i) => touchJob(kc, sc.ns, 'half', `again-${i}`));
      await expectNoOverclaim(sc, 'half', false);
    }, 300_000);
  });
});
