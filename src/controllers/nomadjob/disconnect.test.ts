import { describe, expect, it } from '@jest/globals';
import type { TaskGroup } from '../../crds/nomadjob-types.js';
import { resolveDisconnect } from './disconnect.js';
import type { ObservedPod } from './observed.js';
import { planJob } from './plan.js';
import type { JobPlan, JobRef } from './plan-types.js';
import { NOW, after, jobOfType, makeGroup, planInput, readyNodes } from './testing/builders.js';
import { applyPlan } from './testing/simulate.js';

const S = 1_000;
const M = 60 * S;

/** The job's one allocation running on n1, and a plan with n1 down since NOW (optionally `later`). */
function downPlan(group: Partial<TaskGroup>, pods?: ObservedPod[], at = NOW): { job: JobRef; pods: ObservedPod[]; plan: JobPlan } {
  const job = jobOfType('service', 1, group);
  const start = pods ?? applyPlan(job, [], planJob(planInput(job)), { node: 'n1', running: true });
  const nodes = { ...readyNodes('n2', 'n3'), n1: 'not-ready' as const };
  const plan = planJob(planInput(job, start, { nodes, downSince: { n1: NOW.getTime() }, now: at }));
  return { job, pods: start, plan };
}

describe('resolveDisconnect', () => {
  it.each([
    ['no window without either setting', {}, null],
    ['max_client_disconnect: replace, best_score', { maxClientDisconnect: '5m' }, { windowMs: 5 * M, replace: true, reconcile: 'best_score' }],
    ['disconnect.lost_after wins over max_client_disconnect', { maxClientDisconnect: '5m', disconnect: { lostAfter: '1m', replace: false } }, { windowMs: M, replace: false, reconcile: 'best_score' }],
  ] as const)('%s', (_name, group, expected) => {
    expect(resolveDisconnect(makeGroup(group as Partial<TaskGroup>))).toEqual(expected);
  });
});

describe('planJob: allocations of a down node', () => {
  it('without a disconnect window: replaced at once', () => {
    const { plan } = downPlan({});
    expect(plan.create.map((c) => c.reason)).toEqual(['replace-lost']);
    expect(plan.waiting).toEqual([]);
  });

  it('max_client_disconnect: replaced meanwhile, the original kept as unknown until the window ends', () => {
    const first = downPlan({ maxClientDisconnect: '5m' });
    expect(first.plan.create.map((c) => c.reason)).toEqual(['replace-lost']);
    const withReplacement = applyPlan(first.job, first.pods, first.plan, { node: 'n2', running: true });
    // 1m into the 5m window: the original is not stopped; reconcile again when the window ends (4m from now).
    const during = downPlan({ maxClientDisconnect: '5m' }, withReplacement, after(NOW, M));
    expect(during.plan.stop).toEqual([]);
    expect(during.plan.requeueAfterMs).toBe(4 * M);
    // 6m: the window is over; the original is lost and stopped.
    const later = downPlan({ maxClientDisconnect: '5m' }, withReplacement, after(NOW, 6 * M));
    expect(later.plan.stop.map((s) => [s.podName, s.reason])).toEqual([[first.pods[0]!.name, 'replaced']]);
  });

  it('the node returns within the window: the original stays and the replacement stops', () => {
    const first = downPlan({ maxClientDisconnect: '5m' });
    const both = applyPlan(first.job, first.pods, first.plan, { node: 'n2', running: true, at: after(NOW, S) });
    const plan = planJob(planInput(first.job, both, { now: after(NOW, M) }));
    expect(plan.stop.map((s) => [s.podName, s.reason])).toEqual([[first.plan.create[0]!.podName, 'duplicate']]);
  });

  it('reconcile = keep_replacement: the replacement stays', () => {
    const group = { maxClientDisconnect: '5m', disconnect: { reconcile: 'keep_replacement' as const } };
    const first = downPlan(group);
    const both = applyPlan(first.job, first.pods, first.plan, { node: 'n2', running: true, at: after(NOW, S) });
    const plan = planJob(planInput(first.job, both, { now: after(NOW, M) }));
    expect(plan.stop.map((s) => s.podName)).toEqual([first.pods[0]!.name]);
  });

  it('replace = false: waits for the window, then replaces', () => {
    const group = { disconnect: { lostAfter: '2m', replace: false } };
    const during = downPlan(group, undefined, after(NOW, 30 * S));
    expect({ create: during.plan.create, requeue: during.plan.requeueAfterMs }).toEqual({ create: [], requeue: 90 * S });
    const later = downPlan(group, during.pods, after(NOW, 3 * M));
    expect(later.plan.create.map((c) => c.reason)).toEqual(['replace-lost']);
  });
});
