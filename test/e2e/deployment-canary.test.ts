/**
 * Canaries as Nomad runs them, on the real apiserver with kwok nodes: a canary waits beside the old allocations
 * until promoted (`kubenomad deployment promote`), blue/green (canary = count) switches only on promotion (here by
 * the GitOps annotation naming the job version), a failing canary with auto_revert returns the job to its last
 * stable version without touching the old allocations, and `job history` / `job revert` roll an old version out
 * as a new deployment.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import type { NomadJobSpec, UpdateStrategy } from '../../src/crds/nomadjob-types.js';
import { deploymentClient, runDeployment } from '../../src/cli/deployment.js';
import { historyClient, runJobHistory, runJobRevert } from '../../src/cli/job-history.js';
import { kubeApi } from '../../src/k8s/api.js';
import { deleteFakeNodes } from '../../src/local-cluster/bootstrap.js';
import { UNREADY_ANNOTATION } from '../../src/local-cluster/kwok-stages.js';
import { live, waitRunning } from './support/alloc.js';
import { createNamespace, deleteNamespace, kubeConfig } from './support/cluster.js';
import { planText, versionOf, waitDeployment } from './support/deployment.js';
import { jobEvents } from './support/events.js';
import { createJob, jobPods, patchJobSpec, readJob, touchJob } from './support/jobs.js';
import { createReadyNodes } from './support/nodes.js';
import { reconcileAgain, startTestController, type TestController } from './support/operator.js';

let kc: KubeConfig;

interface Scenario {
  ns: string;
  dc: string;
  nodes: string[];
  controller: TestController;
}

async function startScenario(name: string): Promise<Scenario> {
  const dc = `can-${name}`;
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

/** A web job of 3 (redis image `image`); `unready` pods run without ever turning Ready. */
function webJob(dc: string, image: string, update: UpdateStrategy, unready = false): NomadJobSpec {
  return {
    type: 'service', datacenters: [dc], update,
    groups: [{
      name: 'web', count: 3,
      tasks: [{
        name: 'redis', driver: 'docker', config: { image }, resources: { cpu: 200, memory: 128 },
        ...(unready ? { kubernetes: { annotations: { [UNREADY_ANNOTATION]: 'true' } } } : {}),
      }],
    }],
  };
}

/** Captures a CLI command's output. */
function capture(): { io: { out: (t: string) => void; err: (t: string) => void }; text: () => string } {
  let text = '';
  return { io: { out: (t) => (text += t), err: (t) => (text += t) }, text: () => text };
}

const byVersion = (pods: V1Pod[], version: string | undefined): V1Pod[] => pods.filter((p) => live(p) && versionOf(p) === version);

/** Starts the job at version 0 and waits until it is deployed; returns its pods' version label and their uids. */
async function deployed(s: Scenario, update: UpdateStrategy): Promise<{ oldVersion: string | undefined; uids: string[] }> {
  await createJob(kc, s.ns, 'web', webJob(s.dc, 'redis:7', update));
  await waitDeployment(kc, s.ns, 'web', 'version 0 deployed', (d) => d.jobVersion === 0 && d.status === 'successful');
  const pods = await waitRunning(kc, s.ns, 'web', 3);
  return { oldVersion: versionOf(pods[0]!), uids: pods.map((p) => p.metadata?.uid ?? '').sort() };
}

beforeAll(() => {
  kc = kubeConfig();
});

describe('a canary update', () => {
  let s: Scenario | undefined;
  afterAll(() => endScenario(s));

  it('waits beside the old allocations for promotion, and promotion completes it', async () => {
    s = await startScenario('promote');
    const update: UpdateStrategy = { maxParallel: 1, canary: 1, minHealthyTime: '1s' };
    const { oldVersion } = await deployed(s, update);
    expect(await planText(kc, s.ns, 'web', webJob(s.dc, 'redis:8', update))).toContain('+/- Task Group: "web" (1 canary, 3 ignore)');
    await patchJobSpec(kc, s.ns, 'web', webJob(s.dc, 'redis:8', update));
    const blocked = await waitDeployment(kc, s.ns, 'web', 'version 1 awaiting promotion', (d) => d.jobVersion === 1 && d.status === 'blocked');
    expect(blocked.status?.deployment).toMatchObject({ statusDescription: 'Deployment is running but requires manual promotion', groups: { web: { desiredCanaries: 1, canaries: 1, healthy: 1, promoted: false } } });
    // However often it is reconciled, nothing moves until promotion.
    await reconcileAgain(s.controller, (i) => touchJob(kc, s!.ns, 'web', `poke-${i}`));
    const waiting = (await jobPods(kc, s.ns, 'web')).filter(live);
    expect({ old: byVersion(waiting, oldVersion).length, all: waiting.length }).toEqual({ old: 3, all: 4 });
    expect((await readJob(kc, s.ns, 'web'))?.status?.deployment?.status).toBe('blocked');

    const out = capture();
    expect(await runDeployment('promote', 'web', s.ns, deploymentClient(kc), out.io)).toBe(0);
    const done = await waitDeployment(kc, s.ns, 'web', 'version 1 successful', (d) => d.jobVersion === 1 && d.status === 'successful');
    expect(done.status?.deployment?.groups.web).toMatchObject({ promoted: true, healthy: 3 });
    const after = await waitRunning(kc, s.ns, 'web', 3);
    expect(byVersion(after, oldVersion)).toHaveLength(0);
    const status = capture();
    await runDeployment('status', 'web', s.ns, deploymentClient(kc), status.io);
    expect(status.text()).toMatch(/Status {6}= successful/);
  }, 180_000);
});

describe('blue/green (canary = count)', () => {
  let s: Scenario | undefined;
  afterAll(() => endScenario(s));

  it('runs both versions side by side and switches only on promotion (GitOps annotation with the job version)', async () => {
    s = await startScenario('bluegreen');
    const update: UpdateStrategy = { maxParallel: 1, canary: 3, minHealthyTime: '1s' };
    const { oldVersion, uids } = await deployed(s, update);
    await patchJobSpec(kc, s.ns, 'web', webJob(s.dc, 'redis:8', update));
    await waitDeployment(kc, s.ns, 'web', 'green awaiting promotion', (d) => d.jobVersion === 1 && d.status === 'blocked');
    const both = (await jobPods(kc, s.ns, 'web')).filter(live);
    expect({ blue: byVersion(both, oldVersion).map((p) => p.metadata?.uid).sort(), all: both.length }).toEqual({ blue: uids, all: 6 });

    await kubeApi(kc).patchMetadata('nomadjobs', s.ns, 'web', { annotations: { 'kubenomad.io/deployment-promote': '1' } });
    await waitDeployment(kc, s.ns, 'web', 'green successful', (d) => d.jobVersion === 1 && d.status === 'successful');
    const green = await waitRunning(kc, s.ns, 'web', 3);
    expect(byVersion(green, oldVersion)).toHaveLength(0);
  }, 180_000);
});

describe('a failing canary with auto_revert', () => {
  let s: Scenario | undefined;
  afterAll(() => endScenario(s));

  it('fails, stops the canary and returns the job to the last stable version; the old allocations never restart', async () => {
    s = await startScenario('revert');
    const update: UpdateStrategy = { maxParallel: 1, canary: 1, autoRevert: true, minHealthyTime: '1s', healthyDeadline: '2s', progressDeadline: '4s' };
    const { oldVersion, uids } = await deployed(s, update);
    await patchJobSpec(kc, s.ns, 'web', webJob(s.dc, 'redis:8', update, true));
    const reverted = await waitDeployment(kc, s.ns, 'web', 'the revert (version 2) deployed', (d) => d.jobVersion === 2 && d.status === 'successful');
    expect(reverted.spec.groups?.[0]?.tasks[0]?.config).toEqual({ image: 'redis:7' });
    expect(reverted.status?.versions?.map((v) => [v.version, v.stable])).toEqual([[2, true], [1, false], [0, true]]);
    const pods = await waitRunning(kc, s.ns, 'web', 3);
    expect({ version: pods.every((p) => versionOf(p) === oldVersion), uids: pods.map((p) => p.metadata?.uid).sort() }).toEqual({ version: true, uids });
    const events = await jobEvents(kc, s.ns, 'web');
    const failed = events.find((e) => e.reason === 'DeploymentFailed');
    expect(failed?.message).toMatch(/Failed due to progress deadline - rolling back to job version 0/);
    expect(events.some((e) => e.reason === 'DeploymentReverted')).toBe(true);
  }, 180_000);
});

describe('job history and job revert', () => {
  let s: Scenario | undefined;
  afterAll(() => endScenario(s));

  it('lists versions with diffs, and a revert rolls the old version out as a new deployment', async () => {
    s = await startScenario('history');
    const update: UpdateStrategy = { maxParallel: 3, minHealthyTime: '1s' };
    const { oldVersion } = await deployed(s, update);
    await patchJobSpec(kc, s.ns, 'web', webJob(s.dc, 'redis:8', update));
    await waitDeployment(kc, s.ns, 'web', 'version 1 successful', (d) => d.jobVersion === 1 && d.status === 'successful');

    const history = capture();
    expect(await runJobHistory('web', { namespace: s.ns, p: true }, historyClient(kc), history.io)).toBe(0);
    expect(history.text()).toMatch(/^Version {5}= 1\nStable {6}= true\nSubmit Date = \S+\nDiff {8}=\n\+\/- Job: "web"\n\+\/- Task Group: "web"\n {2}\+\/- Task: "redis"\n\nVersion {5}= 0\nStable {6}= true\n/);

    const revert = capture();
    expect(await runJobRevert('web', '0', { namespace: s.ns }, historyClient(kc), revert.io)).toBe(0);
    const back = await waitDeployment(kc, s.ns, 'web', 'the revert (version 2) deployed', (d) => d.jobVersion === 2 && d.status === 'successful');
    expect(back.spec.groups?.[0]?.tasks[0]?.config).toEqual({ image: 'redis:7' });
    const pods = await waitRunning(kc, s.ns, 'web', 3);
    expect(pods.every((p) => versionOf(p) === oldVersion)).toBe(true);
    const bad = capture();
    expect(await runJobRevert('web', '9', { namespace: s.ns }, historyClient(kc), bad.io)).toBe(1);
    expect(bad.text()).toBe('Job "web" has no version "9" (kept versions: 2, 1, 0)\n');
  }, 180_000);
});
