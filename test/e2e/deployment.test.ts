/**
 * Deployments as Nomad runs them, on the real apiserver with kwok nodes whose pod readiness the test drives:
 * a rolling update with max_parallel 2 over count 6 never has fewer than 4 healthy allocations and ends with 6 of
 * the new version; a deployment whose allocations never turn healthy fails at its progress deadline and stops
 * replacing; in-place changes restart no pod and a count change only adds allocations.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import type { NomadJobSpec, UpdateStrategy } from '../../src/crds/nomadjob-types.js';
import { deleteFakeNodes } from '../../src/local-cluster/bootstrap.js';
import { UNREADY_ANNOTATION } from '../../src/local-cluster/kwok-stages.js';
import { waitFor } from '../../src/local-cluster/readiness.js';
import { describePods, live, waitRunning } from './support/alloc.js';
import { createNamespace, deleteNamespace, kubeConfig } from './support/cluster.js';
import { isReady, makePodReady, planText, versionOf, waitDeployment } from './support/deployment.js';
import { jobEvents } from './support/events.js';
import { createJob, jobPods, patchJobSpec, readJob } from './support/jobs.js';
import { createReadyNodes } from './support/nodes.js';
import { startTestController, type TestController } from './support/operator.js';
import { recordChanges, type Recorder } from './support/watch.js';

let kc: KubeConfig;

interface Scenario {
  ns: string;
  dc: string;
  nodes: string[];
  controller: TestController;
}

async function startScenario(name: string): Promise<Scenario> {
  const dc = `dep-${name}`;
  const ns = await createNamespace(kc, `e2e-${dc}`);
  const nodes = await createReadyNodes(kc, [1, 2, 3].map((i) => ({ name: `${dc}-${i}`, datacenter: dc, cpuCores: 4, memoryMiB: 4096 })));
  return { ns, dc, nodes, controller: await startTestController(ns) };
}

async function endScenario(s: Scenario | undefined): Promise<void> {
  if (!s) return;
  await s.controller.stop();
  await deleteNamespace(kc, s.ns);
  await deleteFakeNodes(kc, s.nodes);
}

/** A web job of `count` (redis image `image`); `unready` pods run without turning Ready until the test says so. */
function webJob(dc: string, count: number, image: string, update: UpdateStrategy, unready = false, extra: Partial<NomadJobSpec> = {}): NomadJobSpec {
  return {
    type: 'service', datacenters: [dc], update, ...extra,
    groups: [{
      name: 'web', count,
      tasks: [{
        name: 'redis', driver: 'docker', config: { image }, resources: { cpu: 200, memory: 128 },
        ...(unready ? { kubernetes: { annotations: { [UNREADY_ANNOTATION]: 'true' } } } : {}),
      }],
    }],
  };
}

beforeAll(() => {
  kc = kubeConfig();
});

describe('a rolling update with max_parallel = 2 over count = 6', () => {
  let s: Scenario | undefined;
  let pods: Recorder<V1Pod> | undefined;
  afterAll(async () => {
    pods?.stop();
    await endScenario(s);
  });

  it('never has fewer than 4 healthy allocations and finishes with 6 of the new version', async () => {
    s = await startScenario('roll');
    const update: UpdateStrategy = { maxParallel: 2, minHealthyTime: '2s', healthyDeadline: '1m', progressDeadline: '2m' };
    await createJob(kc, s.ns, 'web', webJob(s.dc, 6, 'redis:7', update));
    await waitDeployment(kc, s.ns, 'web', 'version 0 deployed', (d) => d.jobVersion === 0 && d.status === 'successful');
    const oldVersion = versionOf((await waitRunning(kc, s.ns, 'web', 6))[0]!);

    // kubenomad plan shows the rollout's first step: 2 replaced (max_parallel), 4 left for later.
    expect(await planText(kc, s.ns, 'web', webJob(s.dc, 6, 'redis:8', update, true))).toContain('+/- Task Group: "web" (2 create/destroy update, 4 ignore)');
    pods = await recordChanges<V1Pod>(kc, { path: `/api/v1/namespaces/${s.ns}/pods` });
    await patchJobSpec(kc, s.ns, 'web', webJob(s.dc, 6, 'redis:8', update, true));
    // The test is the health check: every new pod that runs is made Ready at once; the controller must still wait
    // min_healthy_time (2s) before it counts it healthy and replaces the next one.
    const readyAt = new Map<string, number>();
    await waitFor('6 ready pods of the new version, none of the old', async () => {
      const current = (await jobPods(kc, s!.ns, 'web')).filter(live);
      const fresh = current.filter((p) => versionOf(p) !== oldVersion);
      for (const p of fresh.filter((x) => x.status?.phase === 'Running' && !isReady(x))) {
        await makePodReady(kc, s!.ns, p);
        readyAt.set(p.metadata?.name ?? '', Date.now());
      }
      const done = fresh.length === 6 && current.length === 6 && fresh.every(isReady);
      return done || `${describePods(current)}; ready: ${current.filter(isReady).map((p) => p.metadata?.name).join(',')}; deployment: ${JSON.stringify((await readJob(kc, s!.ns, 'web'))?.status?.deployment)}`;
    }, 120_000, 200);
    const job = await waitDeployment(kc, s.ns, 'web', 'version 1 successful', (d) => d.jobVersion === 1 && d.status === 'successful');
    pods.assertComplete();

    // Healthy over time, replayed from the recording: old pods that are Ready and live, plus new ones made Ready at
    // least min_healthy_time ago (less 1s: conditions carry whole seconds, so the controller may see up to 1s earlier).
    // In flight: new pods not healthy yet by that measure; max_parallel bounds them.
    const latest = new Map<string, V1Pod>();
    let fewestHealthy = Infinity;
    let mostInFlight = 0;
    for (const e of pods.events) {
      const name = e.object.metadata?.name ?? '';
      if (e.type === 'DELETED') latest.delete(name);
      else latest.set(name, e.object);
      const at = e.at ?? 0;
      const healthyNew = (p: V1Pod): boolean => (readyAt.get(p.metadata?.name ?? '') ?? Infinity) <= at - 1_000;
      const current = [...latest.values()].filter(live);
      const healthy = current.filter((p) => (versionOf(p) === oldVersion ? isReady(p) : healthyNew(p))).length;
      const inFlight = current.filter((p) => versionOf(p) !== oldVersion && !healthyNew(p)).length;
      if (e.type !== 'LISTED') fewestHealthy = Math.min(fewestHealthy, healthy);
      mostInFlight = Math.max(mostInFlight, inFlight);
    }
    expect({ fewestHealthy, mostInFlight }).toEqual({ fewestHealthy: 4, mostInFlight: 2 });
    expect(job.status?.deployment?.groups.web).toMatchObject({ desiredTotal: 6, placed: 6, healthy: 6, unhealthy: 0 });
    const reasons = (await jobEvents(kc, s.ns, 'web')).map((e) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(['DeploymentStarted', 'DeploymentSuccessful']));
  }, 240_000);
});

describe('a deployment whose allocations never become healthy', () => {
  let s: Scenario | undefined;
  afterAll(() => endScenario(s));

  it('marks them unhealthy at healthy_deadline, fails at progress_deadline and replaces nothing more', async () => {
    s = await startScenario('fail');
    const update: UpdateStrategy = { maxParallel: 1, minHealthyTime: '1s', healthyDeadline: '3s', progressDeadline: '6s' };
    await createJob(kc, s.ns, 'web', webJob(s.dc, 3, 'redis:7', update));
    await waitDeployment(kc, s.ns, 'web', 'version 0 deployed', (d) => d.status === 'successful');
    const oldVersion = versionOf((await waitRunning(kc, s.ns, 'web', 3))[0]!);
    await patchJobSpec(kc, s.ns, 'web', webJob(s.dc, 3, 'redis:8', update, true));
    const job = await waitDeployment(kc, s.ns, 'web', 'version 1 failed', (d) => d.jobVersion === 1 && d.status === 'failed');
    expect(job.status?.deployment).toMatchObject({ statusDescription: 'Failed due to progress deadline', groups: { web: { placed: 1, healthy: 0, unhealthy: 1 } } });
    const deployedFor = Date.parse(job.status!.deployment!.groups.web!.requireProgressBy!) - Date.parse(job.status!.deployment!.createdAt);
    expect(deployedFor).toBeGreaterThanOrEqual(6_000);
    const current = (await jobPods(kc, s.ns, 'web')).filter(live);
    expect(current.filter((p) => versionOf(p) === oldVersion)).toHaveLength(2);
    expect(current).toHaveLength(3);
    const failed = (await jobEvents(kc, s.ns, 'web')).find((e) => e.reason === 'DeploymentFailed');
    expect(failed?.type).toBe('Warning');
  }, 180_000);
});

describe('in-place changes and count changes', () => {
  let s: Scenario | undefined;
  afterAll(() => endScenario(s));

  it('restarts no pod for service tags, the update block and priority; a count change only adds', async () => {
    s = await startScenario('inplace');
    const update: UpdateStrategy = { maxParallel: 1, minHealthyTime: '1s' };
    await createJob(kc, s.ns, 'web', webJob(s.dc, 3, 'redis:7', update));
    await waitDeployment(kc, s.ns, 'web', 'version 0 deployed', (d) => d.status === 'successful');
    const uids = (await waitRunning(kc, s.ns, 'web', 3)).map((p) => p.metadata?.uid).sort();

    const changed = webJob(s.dc, 3, 'redis:7', { maxParallel: 2, minHealthyTime: '1s' }, false, { priority: 70 });
    changed.groups![0]!.tasks[0]!.services = [{ name: 'web', tags: ['blue'] }];
    await patchJobSpec(kc, s.ns, 'web', changed);
    await waitDeployment(kc, s.ns, 'web', 'version 1 successful', (d) => d.jobVersion === 1 && d.status === 'successful');
    const after = (await jobPods(kc, s.ns, 'web')).filter(live);
    expect(after.map((p) => p.metadata?.uid).sort()).toEqual(uids);

    changed.groups![0]!.count = 5;
    await patchJobSpec(kc, s.ns, 'web', changed);
    const five = await waitRunning(kc, s.ns, 'web', 5);
    expect(uids.every((uid) => five.some((p) => p.metadata?.uid === uid))).toBe(true);
    await waitDeployment(kc, s.ns, 'web', 'version 2 successful', (d) => d.jobVersion === 2 && d.status === 'successful');
  }, 180_000);
});
