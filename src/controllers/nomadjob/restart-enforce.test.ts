import { describe, expect, it } from '@jest/globals';
import type { ContainerOutcome, ObservedPod } from './observed.js';
import { planJob } from './plan.js';
import { restartActions, taskRestarts } from './restart-enforce.js';
import { NOW, jobOfType, planInput, podFor, readyNodes } from './testing/builders.js';
import type { JobRef } from './plan-types.js';

const H = 3_600_000;

/** The job's one allocation, running on n1, its container in the given state. */
function runningPod(job: JobRef, container: Partial<ContainerOutcome>, annotations: Record<string, string> = {}): ObservedPod {
  const alloc = planJob(planInput(job)).create[0]!;
  const pod = podFor(job, alloc).on('n1').running().build();
  pod.startTime = NOW.toISOString();
  pod.annotations = { ...pod.annotations, ...annotations };
  pod.containers = [{ name: 'redis', restartCount: 0, state: 'running', ...container }];
  return pod;
}

const at = (ms: number): string => new Date(NOW.getTime() + ms).toISOString();
const actions = (job: JobRef, pod: ObservedPod): ReturnType<typeof restartActions> =>
  restartActions({ spec: job.spec, pods: [pod], nodes: readyNodes('n1') });

describe('restartActions', () => {
  const job = jobOfType('service'); // restart defaults: 2 attempts in 30m, mode fail

  it('leaves a task restarted within its attempts alone', () => {
    expect(actions(job, runningPod(job, { restartCount: 2, finishedAt: at(60_000) }))).toEqual([]);
  });

  it('fails the allocation of a task whose third failure falls in the interval (waiting in CrashLoopBackOff)', () => {
    const pod = runningPod(job, { restartCount: 2, state: 'waiting', waitingReason: 'CrashLoopBackOff', finishedAt: at(60_000) });
    expect(actions(job, pod)).toEqual([{ kind: 'fail', podName: pod.name, task: 'redis', message: 'Task "redis": Exceeded allowed attempts 2 in interval 30m and mode is "fail"' }]);
  });

  it('remembers a new interval when a failure comes after the last one ended', () => {
    const pod = runningPod(job, { restartCount: 3, finishedAt: at(2 * H) });
    expect(actions(job, pod)).toEqual([{ kind: 'windows', podName: pod.name, windows: { redis: { startMs: NOW.getTime() + 2 * H, base: 3 } } }]);
  });

  it('is idempotent: a pod already failed, or with its interval remembered, gets nothing more', () => {
    const failed = runningPod(job, { restartCount: 5, finishedAt: at(60_000) }, { 'kubenomad.io/restarts-exhausted': 'x' });
    expect(actions(job, failed)).toEqual([]);
    const windows = JSON.stringify({ redis: { startMs: NOW.getTime() + 2 * H, base: 3 } });
    expect(actions(job, runningPod(job, { restartCount: 3, finishedAt: at(2 * H) }, { 'kubenomad.io/restart-windows': windows }))).toEqual([]);
  });

  it('ignores allocations that are not running', () => {
    const pod = { ...runningPod(job, { restartCount: 9, finishedAt: at(1) }), phase: 'Failed' as const };
    expect(actions(job, pod)).toEqual([]);
  });
});

describe('taskRestarts', () => {
  it.each([
    ['running after 2 restarts', { restartCount: 2, state: 'running' }, false, 2],
    ['waiting to restart after a crash', { restartCount: 2, state: 'waiting', waitingReason: 'CrashLoopBackOff' }, false, 3],
    ['just terminated with an error', { restartCount: 1, state: 'terminated', exitCode: 1 }, true, 2],
    ['a batch task that exited 0 is done, not failed', { restartCount: 1, state: 'terminated', exitCode: 0 }, true, 1],
    ['a service task that exited 0 is restarted: a failure', { restartCount: 1, state: 'terminated', exitCode: 0 }, false, 2],
  ] as const)('%s', (_name, container, batch, failures) => {
    expect(taskRestarts({ name: 'redis', ...container }, batch).failures).toBe(failures);
  });
});
