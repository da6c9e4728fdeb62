/**
 * Lost nodes as Nomad has them: a node that stops heartbeating (kwok: Ready=False, no more heartbeats) keeps its
 * allocations running for the operator's grace (Nomad's heartbeat_grace; 3s here), then they are Lost and replaced
 * on healthy nodes; with max_client_disconnect they are replaced meanwhile but kept as unknown, and when the node
 * returns in time the originals stay and the replacements stop; with disconnect { replace = false } they wait.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { NomadJob, NomadJobSpec, TaskGroup } from '../../src/crds/nomadjob-types.js';
import { deleteFakeNodes, setFakeNodeNotReady } from '../../src/local-cluster/bootstrap.js';
import { waitFor } from '../../src/local-cluster/readiness.js';
import { describePods, live, running, waitRunning } from './support/alloc.js';
import { createNamespace, deleteNamespace, kubeConfig } from './support/cluster.js';
import { createJob, jobPods, readJob, redisJob, touchJob } from './support/jobs.js';
import { createReadyNodes, makeNodeNotReady, readyStatus } from './support/nodes.js';
import { reconcileAgain, startTestController, type TestController } from './support/operator.js';
import { recordChanges, type Recorder } from './support/watch.js';

const GRACE_MS = 3_000;
let kc: KubeConfig;

interface Scenario { ns: string; dc: string; nodes: string[]; controller: TestController; pods: Recorder<V1Pod> }

async function startScenario(name: string): Promise<Scenario> {
  const dc = `ln-${name}`;
  const ns = await createNamespace(kc, `e2e-${dc}`);
  const nodes = await createReadyNodes(kc, [1, 2, 3].map((i) => ({ name: `${dc}-${i}`, datacenter: dc, cpuCores: 4, memoryMiB: 4096 })));
  const pods = await recordChanges<V1Pod>(kc, { path: `/api/v1/namespaces/${ns}/pods` });
  const controller = await startTestController(ns, { nodeLostGraceMs: GRACE_MS });
  return { ns, dc, nodes, controller, pods };
}

async function endScenario(s: Scenario | undefined): Promise<void> {
  if (!s) return;
  s.pods.stop();
  await s.controller.stop();
  await deleteNamespace(kc, s.ns);
  await deleteFakeNodes(kc, s.nodes);
}

const uid = (p: V1Pod): string => p.metadata?.uid ?? '';
const ms = (t: Date | string | undefined): number => (t === undefined ? NaN : new Date(t).getTime());

function withGroup(spec: NomadJobSpec, change: Partial<TaskGroup>): NomadJobSpec {
  return { ...spec, groups: spec.groups!.map((g) => ({ ...g, ...change })) };
}

/** When the node's Ready condition last turned not True (epoch ms). */
async function notReadySince(name: string): Promise<number> {
  const node = await kc.makeApiClient(CoreV1Api).readNode({ name });
  expect(readyStatus(node)).not.toBe('True');
  return ms(node.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime);
}

async function waitSummary(s: Scenario, job: string, what: string, ok: (c: NonNullable<NomadJob['status']>['summary']) => boolean): Promise<void> {
  await waitFor(`${job}: ${what}`, async () => {
    const summary = (await readJob(kc, s.ns, job))?.status?.summary;
    return (summary !== undefined && ok(summary)) || `${JSON.stringify(summary)} ${describePods(await jobPods(kc, s.ns, job))}`;
  }, 120_000, 250);
}

beforeAll(() => {
  kc = kubeConfig();
});

describe('a node that stops heartbeating', () => {
  let s: Scenario | undefined;
  beforeAll(async () => { s = await startScenario('a'); }, 180_000);
  afterAll(() => endScenario(s));

  it('keeps its allocations for the grace, then counts them Lost and runs replacements on healthy nodes', async () => {
    const sc = s!;
    await createJob(kc, sc.ns, 'cache', redisJob([sc.dc], 3));
    const before = await waitRunning(kc, sc.ns, 'cache', 3);
    const node = before[0]!.spec!.nodeName!;
    const victims = before.filter((p) => p.spec?.nodeName === node);
    const statuses = await recordChanges<NomadJob>(kc, { path: `/apis/kubenomad.io/v1alpha1/namespaces/${sc.ns}/nomadjobs` });
    try {
      await makeNodeNotReady(kc, node);
      const since = await notReadySince(node);
      let after: V1Pod[] = [];
      await waitFor('3 running on healthy nodes, summary running 3', async () => {
        after = running(await jobPods(kc, sc.ns, 'cache')).filter((p) => p.spec?.nodeName !== node);
        const summary = (await readJob(kc, sc.ns, 'cache'))?.status?.summary?.cache;
        return (after.length === 3 && summary?.running === 3 && summary.lost === 0) || `${JSON.stringify(summary)} ${describePods(after)}`;
      }, 120_000, 250);
      const replacements = after.filter((p) => !before.some((b) => uid(b) === uid(p)));
      expect(replacements).toHaveLength(victims.length);
      // None created before the grace was over (creationTimestamp has whole seconds).
      for (const r of replacements) expect(ms(r.metadata?.creationTimestamp)).toBeGreaterThanOrEqual(since + GRACE_MS - 1_000);
      // The summary showed them Lost before Running again.
      statuses.assertComplete();
      const seen = statuses.events.map((e) => e.object.status?.summary?.cache);
      const lostAt = seen.findIndex((c) => c?.lost === victims.length);
      expect(lostAt).toBeGreaterThanOrEqual(0);
      expect(seen.slice(lostAt).some((c) => c?.running === 3)).toBe(true);
      const runningAt = Math.max(...replacements.map((r) => ms(r.status?.startTime)));
      process.stderr.write(`[lost-node] NotReady → replacements running: ${runningAt - since} ms (grace ${GRACE_MS} ms)\n`);
    } finally {
      statuses.stop();
    }
  }, 240_000);
});

describe('max_client_disconnect', () => {
  let s: Scenario | undefined;
  beforeAll(async () => { s = await startScenario('b'); }, 180_000);
  afterAll(() => endScenario(s));

  it('replaces the allocations meanwhile, keeps the originals, and stops the replacements when the node returns in time', async () => {
    const sc = s!;
    await createJob(kc, sc.ns, 'cache', withGroup(redisJob([sc.dc], 3), { maxClientDisconnect: '10m' }));
    const before = await waitRunning(kc, sc.ns, 'cache', 3);
    const node = before[0]!.spec!.nodeName!;
    const victims = before.filter((p) => p.spec?.nodeName === node);
    await makeNodeNotReady(kc, node);
    // Replacements run elsewhere while the originals are kept (not deleted).
    await waitFor('replacements running beside the kept originals', async () => {
      const pods = await jobPods(kc, sc.ns, 'cache');
      const elsewhere = running(pods).filter((p) => p.spec?.nodeName !== node);
      const kept = victims.every((v) => pods.some((p) => uid(p) === uid(v) && live(p)));
      return (elsewhere.length === 3 && kept) || describePods(pods);
    }, 120_000, 250);
    await setFakeNodeNotReady(kc, node, false);
    await waitFor('originals running, replacements stopped', async () => {
      const pods = (await jobPods(kc, sc.ns, 'cache')).filter(live);
      const originalsKept = victims.every((v) => pods.some((p) => uid(p) === uid(v) && p.status?.phase === 'Running'));
      return (originalsKept && pods.length === 3) || describePods(pods);
    }, 120_000, 250);
    const ids = new Set(victims.map(uid));
    expect((await jobPods(kc, sc.ns, 'cache')).filter(live).filter((p) => ids.has(uid(p)))).toHaveLength(victims.length);
  }, 240_000);
});

describe('disconnect { replace = false }', () => {
  let s: Scenario | undefined;
  beforeAll(async () => { s = await startScenario('c'); }, 180_000);
  afterAll(() => endScenario(s));

  it('waits instead of replacing, and the original runs on when the node returns', async () => {
    const sc = s!;
    await createJob(kc, sc.ns, 'cache', withGroup(redisJob([sc.dc], 1), { disconnect: { lostAfter: '10m', replace: false } }));
    const [original] = await waitRunning(kc, sc.ns, 'cache', 1);
    const node = original!.spec!.nodeName!;
    await makeNodeNotReady(kc, node);
    // After the grace the allocation is counted lost (unknown), and further reconciles create nothing.
    await waitSummary(sc, 'cache', 'lost 1', (sum) => sum?.cache?.lost === 1);
    await reconcileAgain(sc.controller, (i) => touchJob(kc, sc.ns, 'cache', `wait-${i}`));
    expect((await jobPods(kc, sc.ns, 'cache')).map(uid)).toEqual([uid(original!)]);
    await setFakeNodeNotReady(kc, node, false);
    await waitSummary(sc, 'cache', 'running 1', (sum) => sum?.cache?.running === 1 && sum.cache.lost === 0);
    sc.pods.assertComplete();
    const created = new Set(sc.pods.events.map((e) => uid(e.object)));
    expect([...created]).toEqual([uid(original!)]);
  }, 240_000);
});
