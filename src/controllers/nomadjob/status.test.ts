import { describe, expect, it } from '@jest/globals';
import type { NomadJobStatus, PlacementFailure } from '../../crds/nomadjob-types.js';
import type { ObservedPod } from './observed.js';
import { planJob } from './plan.js';
import type { JobRef } from './plan-types.js';
import { buildStatus, statusNeedsPatch, summarize, type StatusInput } from './status.js';
import { NOW, after, jobOfType, planInput, podFor, readyNodes } from './testing/builders.js';

/** Pods for `count` allocations of the job, each shaped by `shape(builder, index)`. */
function podsOf(job: JobRef, shape: (b: ReturnType<typeof podFor>, i: number) => unknown): ObservedPod[] {
  return planJob(planInput(job)).create.map((alloc, i) => {
    const builder = podFor(job, alloc);
    shape(builder, i);
    return builder.build();
  });
}

function statusOf(job: JobRef, pods: ObservedPod[], extra: Partial<StatusInput> = {}): NomadJobStatus {
  const nodes = extra.nodes ?? readyNodes('n1', 'n2');
  const plan = planJob(planInput(job, pods, { nodes, now: extra.now ?? NOW }));
  return buildStatus({ job, pods, nodes, plan, now: NOW, ...extra });
}

describe('summarize: Nomad client status per group', () => {
  it('counts queued, starting, running, complete, failed and lost allocations', () => {
    const job = jobOfType('batch', 6);
    const pods = podsOf(job, (b, i) => {
      // 0 unbound → queued; 1 bound pending → starting; 2 running; 3 succeeded → complete; 4 failed; 5 on a gone node → lost
      if (i >= 1) b.on(i === 5 ? 'gone' : 'n1');
      if (i === 2 || i === 5) b.running();
      if (i === 3) b.succeeded();
      if (i === 4) b.failed();
    });
    const nothingPlanned = { create: [], keep: [], stop: [], waiting: [], exhausted: [], generations: {}, createdSlots: {}, deferred: 0, deferredByGroup: {} };
    expect(summarize({ job, pods, nodes: readyNodes('n1'), plan: nothingPlanned })).toEqual({
      cache: { queued: 1, starting: 1, running: 1, complete: 1, failed: 1, lost: 1 },
    });
  });

  it('counts creates deferred to later passes of a large job as queued', () => {
    const job = jobOfType('batch', 1200);
    const plan = planJob(planInput(job, [], { createLimit: 500 }));
    // 500 planned this pass (not pods yet) + 700 deferred.
    expect(summarize({ job, pods: [], nodes: {}, plan }).cache?.queued).toBe(1200);
  });

  it('adds allocations the placement engine could not place to queued (seed 001: 17 of 50)', () => {
    const job = jobOfType('service', 50);
    const pods = podsOf(job, (b, i) => (i < 33 ? b.on('n1').running() : undefined)).slice(0, 33);
    const failure: PlacementFailure = {
      group: 'cache', failedAllocations: 17, nodesEvaluated: 11, nodesFiltered: 0, nodesAvailable: { dc1: 11 },
      nodesExhausted: 11, dimensionExhausted: { memory: 11 }, message: 'Dimension "memory" exhausted on 11 nodes',
    };
    const status = statusOf(job, pods, { placementFailures: [failure] });
    expect(status.summary?.cache).toMatchObject({ queued: 17, running: 33 });
    expect(status.placementFailures).toEqual([failure]);
    expect(status.conditions?.find((c) => c.type === 'Placed')).toMatchObject({ status: 'False', reason: 'PlacementFailed', message: failure.message });
  });
});

describe('buildStatus: job status transitions', () => {
  it.each([
    ['no pods yet', 'service', () => [], 'pending'],
    ['allocations starting', 'service', (b: ReturnType<typeof podFor>) => b.on('n1'), 'running'],
    ['batch all complete', 'batch', (b: ReturnType<typeof podFor>) => b.on('n1').succeeded(), 'dead'],
  ] as const)('%s → %s', (_name, type, shape, expected) => {
    const job = jobOfType(type, 2);
    const pods = shape.length === 0 ? [] : podsOf(job, shape);
    expect(statusOf(job, pods).status).toBe(expected);
  });

  it('reports a stopped job as dead with desired 0', () => {
    const job = jobOfType('service', 2);
    const stopped = { ...job, spec: { ...job.spec, stop: true } };
    expect(statusOf(stopped, [])).toMatchObject({ status: 'dead', desired: 0 });
  });

  it('reports a batch job whose failed allocation has no reschedule left as dead and unhealthy', () => {
    const job = jobOfType('batch', 1);
    const pods = podsOf(job, (b) => b.on('n1').failed()).map((p) => ({
      ...p, annotations: { ...p.annotations, 'kubenomad.io/reschedule-events': JSON.stringify([{ at: NOW.getTime() - 1_000, delayMs: 5_000 }]) },
    }));
    const status = statusOf(job, pods, { now: after(NOW, 60_000) });
    expect(status.status).toBe('dead');
    expect(status.conditions?.find((c) => c.type === 'Healthy')).toMatchObject({ status: 'False', reason: 'AllocationsFailed' });
  });

  it('counts desired and running, with a selector and the job version', () => {
    const job = jobOfType('service', 3);
    const status = statusOf(job, podsOf(job, (b) => b.on('n1').running()));
    expect(status).toMatchObject({ desired: 3, running: 3, status: 'running', selector: 'kubenomad.io/job=example', observedGeneration: 1 });
    expect(status.version).toMatch(/^[0-9a-f]{10}$/);
    expect(status.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([['Placed', 'True', 'AllPlaced'], ['Healthy', 'True', 'Running']]);
  });
});

describe('buildStatus: conditions and idempotence', () => {
  const job = jobOfType('service', 1);
  const starting = podsOf(job, (b) => b.on('n1'));
  const runningPods = podsOf(job, (b) => b.on('n1').running());

  it('keeps lastTransitionTime while a condition keeps its status and moves it when the status flips', () => {
    const first = statusOf(job, starting, { now: NOW });
    const healthy0 = first.conditions?.find((c) => c.type === 'Healthy');
    expect(healthy0).toMatchObject({ status: 'False', lastTransitionTime: NOW.toISOString() });
    const later = after(NOW, 60_000);
    const second = statusOf(job, starting, { now: later, previous: first });
    expect(second.conditions?.find((c) => c.type === 'Healthy')?.lastTransitionTime).toBe(NOW.toISOString());
    const third = statusOf(job, runningPods, { now: later, previous: second });
    expect(third.conditions?.find((c) => c.type === 'Healthy')).toMatchObject({ status: 'True', lastTransitionTime: later.toISOString() });
    expect(third.conditions?.find((c) => c.type === 'Placed')?.lastTransitionTime).toBe(NOW.toISOString());
  });

  it('needs no patch on a second reconcile over the same state', () => {
    const first = statusOf(job, runningPods);
    const second = statusOf(job, runningPods, { previous: first, now: after(NOW, 5_000) });
    expect(statusNeedsPatch(first, second)).toBe(false);
    expect(statusNeedsPatch(undefined, first)).toBe(true);
  });
});
