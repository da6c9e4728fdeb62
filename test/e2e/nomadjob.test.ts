/**
 * The NomadJob controller against a real apiserver and kwok: seed 001's redis story (1 → 15 → 50 with memory
 * exhausted, then more nodes), replacement of a deleted pod, batch completion, system jobs following nodes,
 * third-party pods, and a restart in the middle of placing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { RunningController } from '../../src/controllers/nomadjob/controller.js';
import { createFakeNodes, deleteFakeNodes } from '../../src/local-cluster/bootstrap.js';
import type { FakeNodeSpec } from '../../src/local-cluster/fake-nodes.js';
import { COMPLETE_AFTER_ANNOTATION } from '../../src/local-cluster/kwok-stages.js';
import { mebibytes } from '../../src/k8s/quantity.js';
import { waitFor } from '../../src/local-cluster/readiness.js';
import { createNamespace, deleteNamespace, kubeConfig, kubeconfigPath, kubectl } from './support/cluster.js';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createJob, deleteJob, jobPods, patchJobSpec, readJob, redisJob } from './support/jobs.js';
import { startTestController } from './support/operator.js';

const NS = 'e2e-nomadjob';
const DC = ['nj-east', 'nj-west'];
let kc: KubeConfig;
let core: CoreV1Api;
let controller: RunningController | undefined;
const createdNodes: string[] = [];

// 2 GiB nodes fit 8 redis allocations of 256 MB each (memory binds before cpu: 4 × 2400 MHz / 500 = 19).
const node = (name: string, datacenter: string, memoryMiB = 2048): FakeNodeSpec => ({ name, datacenter, cpuCores: 4, memoryMiB });

async function addNodes(specs: FakeNodeSpec[]): Promise<void> {
  await createFakeNodes(kc, specs);
  createdNodes.push(...specs.map((s) => s.name));
  await waitFor('new nodes Ready', async () => {
    const nodes = await Promise.all(specs.map((s) => core.readNode({ name: s.name })));
    return nodes.every((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
  }, 60_000);
}

const running = (pods: V1Pod[]): V1Pod[] => pods.filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp);

async function waitRunning(job: string, count: number, timeoutMs = 90_000): Promise<V1Pod[]> {
  let last: V1Pod[] = [];
  await waitFor(`${count} running pods of ${job}`, async () => {
    last = await jobPods(kc, NS, job);
    return running(last).length === count || `${running(last).length} running, ${last.length} pods`;
  }, timeoutMs, 500);
  return running(last);
}

/** Every node's summed pod memory requests stay within its allocatable. */
async function expectNoOvercommit(): Promise<void> {
  const pods = (await core.listNamespacedPod({ namespace: NS })).items.filter((p) => p.spec?.nodeName && !['Succeeded', 'Failed'].includes(p.status?.phase ?? ''));
  const used = new Map<string, number>();
  for (const p of pods) {
    const mem = (p.spec?.containers ?? []).reduce((n, c) => n + mebibytes(c.resources?.requests?.memory), 0);
    used.set(p.spec!.nodeName!, (used.get(p.spec!.nodeName!) ?? 0) + mem);
  }
  // Callers run this with pods placed: an empty map would check nothing.
  expect(used.size).toBeGreaterThan(0);
  for (const [name, mem] of used) {
    const n = await core.readNode({ name });
    expect(mem).toBeLessThanOrEqual(mebibytes(n.status?.allocatable?.memory));
  }
}

beforeAll(async () => {
  kc = kubeConfig();
  core = kc.makeApiClient(CoreV1Api);
  await createNamespace(kc, NS);
  await addNodes([node('nj-1', DC[0]!), node('nj-2', DC[0]!), node('nj-3', DC[1]!), node('nj-4', DC[1]!)]);
  controller = await startTestController(NS);
}, 120_000);

afterAll(async () => {
  await controller?.stop();
  await deleteNamespace(kc, NS);
  await deleteFakeNodes(kc, createdNodes);
});

describe('seed 001: a docker redis service job across two datacenters', () => {
  it('runs count 1 with Nomad env vars and a dynamic host port, bound by kubenomad', async () => {
    await createJob(kc, NS, 'example', redisJob(DC, 1));
    const [pod] = await waitRunning('example', 1);
    expect(pod!.spec?.schedulerName).toBe('kubenomad');
    const c = pod!.spec!.containers[0]!;
    const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value]));
    expect(env).toMatchObject({ NOMAD_JOB_NAME: 'example', NOMAD_GROUP_NAME: 'cache', NOMAD_TASK_NAME: 'redis', NOMAD_ALLOC_INDEX: '0' });
    const hostPort = c.ports?.find((p) => p.containerPort === 6379)?.hostPort;
    expect(hostPort).toBeGreaterThanOrEqual(20000);
    expect(env.NOMAD_HOST_PORT_db).toBe(String(hostPort));
    // 500 MHz on a 2400 MHz/core node: ceil(500 × 1000 / 2400) = 209m
    expect(c.resources?.requests).toMatchObject({ cpu: '209m', memory: '256Mi' });
    await waitFor('status running', async () => (await readJob(kc, NS, 'example'))?.status?.status === 'running', 30_000);
  }, 120_000);

  it('scales to 15, all bound, no node over-committed', async () => {
    await patchJobSpec(kc, NS, 'example', redisJob(DC, 15));
    const pods = await waitRunning('example', 15);
    expect(new Set(pods.map((p) => p.spec?.nodeName)).size).toBeGreaterThan(1);
    await expectNoOvercommit();
    await waitFor('summary running 15', async () => (await readJob(kc, NS, 'example'))?.status?.summary?.cache?.running === 15, 30_000);
    const job = await readJob(kc, NS, 'example');
    expect(job?.status?.desired).toBe(15);
  }, 120_000);

  it('places what fits of count 50 and explains that memory was exhausted', async () => {
    await patchJobSpec(kc, NS, 'example', redisJob(DC, 50));
    // 4 nodes × 8 = 32 fit; 18 stay queued.
    await waitRunning('example', 32);
    let job = await readJob(kc, NS, 'example');
    await waitFor('placement failure in status', async () => {
      job = await readJob(kc, NS, 'example');
      return (job?.status?.placementFailures?.length ?? 0) > 0 && job?.status?.summary?.cache?.queued === 18;
    }, 30_000);
    const failure = job!.status!.placementFailures![0]!;
    expect(failure.failedAllocations).toBe(18);
    expect(failure.dimensionExhausted).toMatchObject({ memory: 4 });
    expect(failure.message).toContain('Dimension "memory" exhausted on 4 nodes');
    await expectNoOvercommit();
    const describe = kubectl(['get', 'nomadjob', 'example', '-n', NS]);
    expect(describe.stdout).toMatch(/example\s+service\s+running\s+50\s+32/);
  }, 150_000);

  it('places the queued allocations when nodes join', async () => {
    await addNodes([node('nj-5', DC[0]!), node('nj-6', DC[1]!), node('nj-7', DC[1]!)]);
    await waitRunning('example', 50, 120_000);
    await waitFor('no placement failures', async () => !(await readJob(kc, NS, 'example'))?.status?.placementFailures?.length, 30_000);
    await expectNoOvercommit();
  }, 150_000);

  it('replaces a deleted pod of the service job', async () => {
    const before = running(await jobPods(kc, NS, 'example'));
    const victim = before[0]!;
    await core.deleteNamespacedPod({ name: victim.metadata!.name!, namespace: NS, gracePeriodSeconds: 0 });
    await waitFor('replacement', async () => {
      const pods = running(await jobPods(kc, NS, 'example'));
      return pods.length === 50 && !pods.some((p) => p.metadata?.uid === victim.metadata?.uid);
    }, 90_000, 500);
  }, 120_000);

  it('scales down to 5 by stopping the highest indexes', async () => {
    await patchJobSpec(kc, NS, 'example', redisJob(DC, 5));
    const pods = await waitRunning('example', 5);
    const indexes = pods.map((p) => Number(p.metadata?.labels?.['kubenomad.io/alloc-index'])).sort((a, b) => a - b);
    expect(indexes).toEqual([0, 1, 2, 3, 4]);
  }, 120_000);
});

describe('change and deletion', () => {
  it('replaces every allocation when a task changes, and keeps the count', async () => {
    const before = running(await jobPods(kc, NS, 'example'));
    const spec = redisJob(DC, 5);
    spec.groups![0]!.tasks[0]!.config = { image: 'redis:7', ports: ['db'] };
    spec.update = { maxParallel: 0 }; // no deployment: every allocation at once (rolling updates: deployment.test.ts)
    await patchJobSpec(kc, NS, 'example', spec);
    await waitFor('all allocations on the new version', async () => {
      const pods = running(await jobPods(kc, NS, 'example'));
      const fresh = pods.filter((p) => p.spec?.containers[0]?.image === 'redis:7');
      return (fresh.length === 5 && pods.length === 5) || `${fresh.length}/5 on redis:7, ${pods.length} running`;
    }, 90_000, 500);
    const after = running(await jobPods(kc, NS, 'example'));
    expect(after.some((p) => before.some((b) => b.metadata?.uid === p.metadata?.uid))).toBe(false);
  }, 120_000);
});

describe('batch and system jobs', () => {
  it('completes a batch job: dead with Complete = count', async () => {
    await createJob(kc, NS, 'crunch', {
      type: 'batch',
      datacenters: DC,
      groups: [{ name: 'work', count: 3, tasks: [{ name: 'step', driver: 'exec', config: { command: '/bin/true' }, resources: { cpu: 100, memory: 64 }, kubernetes: { annotations: { [COMPLETE_AFTER_ANNOTATION]: '2s' } } }] }],
    });
    await waitFor('batch job dead', async () => {
      const job = await readJob(kc, NS, 'crunch');
      return (job?.status?.status === 'dead' && job.status.summary?.work?.complete === 3) || JSON.stringify(job?.status?.summary);
    }, 90_000, 500);
  }, 120_000);

  it('runs one system allocation per feasible node and follows a node that joins', async () => {
    await addNodes([node('nj-sys-1', 'nj-sys'), node('nj-sys-2', 'nj-sys')]);
    await createJob(kc, NS, 'agent', {
      type: 'system',
      datacenters: ['nj-sys'],
      groups: [{ name: 'agent', tasks: [{ name: 'agent', driver: 'docker', config: { image: 'busybox:1.36' }, resources: { cpu: 100, memory: 64 } }] }],
    });
    let pods = await waitRunning('agent', 2);
    expect(new Set(pods.map((p) => p.spec?.nodeName))).toEqual(new Set(['nj-sys-1', 'nj-sys-2']));
    await addNodes([node('nj-sys-3', 'nj-sys')]);
    pods = await waitRunning('agent', 3);
    expect(new Set(pods.map((p) => p.spec?.nodeName)).size).toBe(3);
  }, 150_000);
});

describe('the custom-scheduler contract', () => {
  it('binds a third-party pod that names schedulerName: kubenomad', async () => {
    await core.createNamespacedPod({
      namespace: NS,
      body: { metadata: { name: 'third-party' }, spec: { schedulerName: 'kubenomad', containers: [{ name: 'c', image: 'busybox:1.36', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] } },
    });
    await waitFor('third-party pod bound', async () => Boolean((await core.readNamespacedPod({ name: 'third-party', namespace: NS })).spec?.nodeName), 60_000, 500);
  }, 90_000);
});

describe('deletion', () => {
  it('removes the pods of a deleted job', async () => {
    await createJob(kc, NS, 'short-lived', redisJob(DC, 2));
    await waitRunning('short-lived', 2);
    await deleteJob(kc, NS, 'short-lived');
    await waitFor('pods of the deleted job gone', async () => (await jobPods(kc, NS, 'short-lived')).length === 0, 90_000, 500);
  }, 120_000);
});

describe('crash safety', () => {
  it('ends with exactly count allocations and no over-committed node after a restart mid-placement', async () => {
    await controller?.stop();
    controller = await startTestController(NS);
    await createJob(kc, NS, 'big', redisJob(DC, 24));
    await new Promise((r) => setTimeout(r, 700)); // in the middle of creating and binding
    await controller.stop();
    controller = await startTestController(NS);
    await waitFor('exactly 24 pods of big, none duplicated', async () => {
      const pods = (await jobPods(kc, NS, 'big')).filter((p) => !p.metadata?.deletionTimestamp);
      const indexes = new Set(pods.map((p) => p.metadata?.labels?.['kubenomad.io/alloc-index']));
      return (running(pods).length === 24 && indexes.size === 24 && pods.length === 24) || `${running(pods).length} running / ${pods.length} pods / ${indexes.size} indexes`;
    }, 120_000, 500);
    await expectNoOvercommit();
  }, 180_000);

  it('survives SIGKILL of the operator process mid-placement: exactly count allocations, none over-committed', async () => {
    await controller?.stop();
    controller = undefined;
    await addNodes(['a', 'b', 'c', 'd', 'e', 'f'].map((x) => node(`nj-crash-${x}`, 'nj-crash')));
    const bin = fileURLToPath(new URL('../../bin/kubenomad.js', import.meta.url));
    const start = () => spawn(process.execPath, [bin, 'operator', '--kubeconfig', kubeconfigPath(), '--namespace', NS, '--metrics-port', '0'], { stdio: 'ignore' });
    let op = start();
    await createJob(kc, NS, 'crash', redisJob(['nj-crash'], 40));
    await waitFor('some pods of crash', async () => (await jobPods(kc, NS, 'crash')).length >= 3, 60_000, 50);
    op.kill('SIGKILL');
    await new Promise((r) => op.once('exit', r));
    const partial = (await jobPods(kc, NS, 'crash')).length;
    op = start();
    try {
      await waitFor('exactly 40 running pods of crash', async () => {
        const pods = (await jobPods(kc, NS, 'crash')).filter((p) => !p.metadata?.deletionTimestamp);
        const indexes = new Set(pods.map((p) => p.metadata?.labels?.['kubenomad.io/alloc-index']));
        return (running(pods).length === 40 && pods.length === 40 && indexes.size === 40) || `${running(pods).length} running / ${pods.length} pods (had ${partial} at the kill)`;
      }, 120_000, 500);
      await expectNoOvercommit();
    } finally {
      op.kill('SIGTERM');
      await new Promise((r) => op.once('exit', r));
    }
  }, 240_000);
});
