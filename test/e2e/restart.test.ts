/**
 * Nomad's `restart` and `reschedule` blocks on fake nodes whose containers crash on request (kwok restarts them in
 * place as a kubelet does): a batch task that fails twice then succeeds restarts in place within its policy; one
 * that keeps failing uses up its restart attempts, its allocation is failed and rescheduled with the exponential
 * delays onto another node, and rescheduling stops after its attempts, with the history on the pods and in status.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import { spawnSync } from 'node:child_process';
import type { NomadJob, NomadJobSpec } from '../../src/crds/nomadjob-types.js';
import { COMPLETE_AFTER_ANNOTATION, CRASH_TIMES_ANNOTATION, FAIL_AFTER_ANNOTATION } from '../../src/local-cluster/kwok-stages.js';
import { waitFor } from '../../src/local-cluster/readiness.js';
import { describePods } from './support/alloc.js';
import { kubeconfigPath } from './support/cluster.js';
import { createJob, jobPods, readJob } from './support/jobs.js';
import { recordChanges, type Recorder } from './support/watch.js';
import { startTestWorld, type TestWorld } from './support/world.js';

const DC = 'rs-e2e';
const BIN = new URL('../../bin/kubenomad.js', import.meta.url).pathname;
let kc: KubeConfig;
let ns: string;
let recorder: Recorder<V1Pod>;
let world: TestWorld | undefined;

const task = { name: 'step', driver: 'exec', config: { command: '/bin/work' }, resources: { cpu: 100, memory: 64 } };
const uidOf = (p: V1Pod): string => p.metadata?.uid ?? '';
const restarts = (p: V1Pod): number => p.status?.containerStatuses?.[0]?.restartCount ?? 0;
const ms = (t: Date | string | undefined): number => (t === undefined ? NaN : new Date(t).getTime());

/** Every distinct pod of a job in the order first seen, at its latest recorded state. */
function podsInOrder(job: string): V1Pod[] {
  const latest = new Map<string, V1Pod>();
  for (const e of recorder.events) {
    if (e.object.metadata?.labels?.['kubenomad.io/job'] === job) latest.set(uidOf(e.object), e.object);
  }
  return [...latest.values()];
}

beforeAll(async () => {
  world = await startTestWorld('e2e-restart', [1, 2, 3].map((i) => ({ name: `${DC}-${i}`, datacenter: DC, cpuCores: 4, memoryMiB: 4096 })));
  ({ kc, ns, recorder } = world);
}, 180_000);

afterAll(() => world?.stop());

describe('a batch task that fails twice, then succeeds', () => {
  const spec: NomadJobSpec = {
    type: 'batch', datacenters: [DC],
    groups: [{
      name: 'work', count: 1,
      // Nomad's batch defaults: 3 attempts in 24h, mode fail.
      kubernetes: { annotations: { [FAIL_AFTER_ANNOTATION]: '1s', [CRASH_TIMES_ANNOTATION]: '2', [COMPLETE_AFTER_ANNOTATION]: '1s' } },
      tasks: [task],
    }],
  };

  it('restarts in place within its restart policy and completes in the same allocation', async () => {
    await createJob(kc, ns, 'twice', spec);
    await waitFor('twice complete', async () => {
      const st = (await readJob(kc, ns, 'twice'))?.status;
      return (st?.summary?.work?.complete === 1 && st.status === 'dead') || `${st?.status} ${JSON.stringify(st?.summary)} ${describePods(await jobPods(kc, ns, 'twice'))}`;
    }, 90_000, 500);
    const pods = await jobPods(kc, ns, 'twice');
    expect(pods.map((p) => ({ phase: p.status?.phase, restarts: restarts(p), exhausted: p.metadata?.annotations?.['kubenomad.io/restarts-exhausted'] })))
      .toEqual([{ phase: 'Succeeded', restarts: 2, exhausted: undefined }]);
    expect(podsInOrder('twice').length).toBe(1);
  }, 120_000);
});

describe('a batch task that keeps failing', () => {
  // restart: 1 attempt (the second crash fails the allocation); reschedule: 2 attempts, exponential from 5s (long
  // enough that a loaded machine still sees each failed allocation waiting before its replacement is due).
  const spec: NomadJobSpec = {
    type: 'batch', datacenters: [DC],
    groups: [{
      name: 'work', count: 1,
      restart: { attempts: 1, interval: '1h', delay: '1s', mode: 'fail' },
      reschedule: { attempts: 2, interval: '1h', delay: '5s', delayFunction: 'exponential', maxDelay: '1h', unlimited: false },
      kubernetes: { annotations: { [FAIL_AFTER_ANNOTATION]: '1s' } },
      tasks: [task],
    }],
  };

  it('is failed after its restarts, rescheduled after 5s then 10s onto other nodes, then stays failed with its history', async () => {
    const statuses = await recordChanges<NomadJob>(kc, { path: `/apis/kubenomad.io/v1alpha1/namespaces/${ns}/nomadjobs`, fieldSelector: 'metadata.name=crashy' });
    await createJob(kc, ns, 'crashy', spec);
    await waitFor('crashy: 3 allocations failed and rescheduling exhausted', async () => {
      const st = (await readJob(kc, ns, 'crashy'))?.status;
      return (st?.summary?.work?.failed === 3 && st.status === 'dead') || `${st?.status} ${JSON.stringify(st?.summary)} ${describePods(await jobPods(kc, ns, 'crashy'))}`;
    }, 120_000, 500);
    const pods = podsInOrder('crashy');
    expect(pods.map((p) => ({ phase: p.status?.phase, reason: p.status?.reason, restarts: restarts(p) }))).toEqual(
      Array.from({ length: 3 }, () => ({ phase: 'Failed', reason: 'DeadlineExceeded', restarts: 2 })),
    );
    for (const p of pods) expect(p.metadata?.annotations?.['kubenomad.io/restarts-exhausted']).toMatch(/Exceeded allowed attempts 1 in interval 1h/);
    // Each replacement names its predecessor and was created on another node, no sooner than the delay after the failure.
    const [first, second, third] = pods as [V1Pod, V1Pod, V1Pod];
    const failedAt = (p: V1Pod): number => Math.max(...(p.status?.containerStatuses ?? []).map((c) => ms(c.state?.terminated?.finishedAt)));
    for (const [prev, next, delay] of [[first, second, 5_000], [second, third, 10_000]] as const) {
      expect(next.metadata?.annotations?.['kubenomad.io/previous-alloc']).toBe(prev.metadata?.labels?.['kubenomad.io/alloc-id']);
      expect(next.spec?.nodeName).not.toBe(prev.spec?.nodeName);
      // creationTimestamp has whole seconds: allow the rounding.
      expect(ms(next.metadata?.creationTimestamp) - failedAt(prev)).toBeGreaterThanOrEqual(delay - 1_000);
    }
    const events = JSON.parse(third.metadata?.annotations?.['kubenomad.io/reschedule-events'] ?? '[]') as Array<{ delayMs: number; prevAllocId?: string }>;
    expect(events.map((e) => e.delayMs)).toEqual([5_000, 10_000]);
    expect(events.map((e) => e.prevAllocId)).toEqual([first, second].map((p) => p.metadata?.labels?.['kubenomad.io/alloc-id']));
    const st = (await readJob(kc, ns, 'crashy'))?.status;
    expect(st?.conditions?.find((c) => c.type === 'Healthy')?.reason).toBe('AllocationsFailed');
    // While each failed allocation waited, status said which and when its replacement was due (failure + delay).
    statuses.stop();
    statuses.assertComplete();
    const pending = new Map(statuses.events.flatMap((e) => e.object.status?.reschedules ?? []).map((r) => [r.pod, r.nextAttemptAt]));
    expect([...pending.keys()]).toEqual([first, second].map((p) => p.metadata?.name));
    expect(ms(pending.get(first.metadata!.name!)) - failedAt(first)).toBe(5_000);
    expect(ms(pending.get(second.metadata!.name!)) - failedAt(second)).toBe(10_000);
    expect(st?.reschedules).toBeUndefined();
    // `kubenomad alloc status` shows the history of the last allocation.
    const id = third.metadata?.labels?.['kubenomad.io/alloc-id'] ?? '';
    const cli = spawnSync(process.execPath, [BIN, 'alloc', 'status', id.slice(0, 8), '-n', ns, '--kubeconfig', kubeconfigPath()], { encoding: 'utf8', timeout: 60_000 });
    expect(cli.status).toBe(0);
    expect(cli.stdout).toMatch(/Client Status += failed/);
    expect(cli.stdout).toMatch(/Reschedule Attempts += 2\/2/);
    expect(cli.stdout).toMatch(/Reschedule Eligibility += none \(reschedule attempts used up\)/);
    expect(cli.stdout).toContain(`Previous Allocation    = ${second.metadata?.labels?.['kubenomad.io/alloc-id']}`);
    expect(cli.stdout).toMatch(/Reschedule Events\nTime +Delay +Previous Alloc +Previous Node\n.* 5s .*\n.* 10s /);
  }, 150_000);
});
