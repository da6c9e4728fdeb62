import { describe, expect, it } from '@jest/globals';
import type { DeploymentState } from '../../crds/nomadjob-types.js';
import { trackDeployment, type DeploymentDecision, type DeploymentInput } from './deployment.js';
import { recordHistory } from './version-history.js';
import { deploymentEvents } from './deployment-events.js';
import type { ObservedPod } from './observed.js';
import { planJob } from './plan.js';
import type { JobPlan, JobRef } from './plan-types.js';
import { NOW, after, makeGroup, makeJob, planInput, podFor, readyNodes, redisTask } from './testing/builders.js';
import { updatePod } from './testing/simulate.js';

const S = 1_000;
const nodes = readyNodes('n1', 'n2', 'n3');

/** A service job `example`, group `cache` of 6, rolling 2 at a time, 10s min healthy time; `image` shapes the version. */
function job(image: string, update: Record<string, unknown> = {}): JobRef {
  return makeJob({ update: { maxParallel: 2, minHealthyTime: '10s', healthyDeadline: '1m', progressDeadline: '2m', ...update }, groups: [makeGroup({ count: 6, tasks: [redisTask({ config: { image } })] })] });
}

interface Pass { decision: DeploymentDecision; plan: JobPlan; pods: ObservedPod[] }

/** One reconcile: deployment, plan with its budgets, stops applied, creates added as running (not ready) pods. */
function pass(j: JobRef, pods: ObservedPod[], previous: DeploymentState | undefined, version: number, now: Date, extra: Partial<DeploymentInput> = {}): Pass {
  const decision = trackDeployment({ job: j, pods, nodes, previous, version: { version, specHash: `v${version}`, changed: true }, now, ...extra });
  const plan = planJob(planInput(j, pods, { now, updateBudgets: decision.budgets, canaries: decision.canaries }));
  const stopped = new Set(plan.stop.map((s) => s.podName));
  const created = plan.create.map((c) => podFor(j, c, now).on('n1').running().build());
  return { decision, plan, pods: [...pods.filter((p) => !stopped.has(p.name)), ...created] };
}

/** Six healthy pods of version `image` (ready for an hour). */
function healthyPods(image: string): ObservedPod[] {
  const j = job(image);
  return planJob(planInput(j)).create.map((c) => podFor(j, c, after(NOW, -3600 * S)).on('n1').ready(after(NOW, -3600 * S)).build());
}

const readyAt = (pods: ObservedPod[], names: string[], at: Date): ObservedPod[] =>
  names.reduce((ps, name) => updatePod(ps, name, (p) => Object.assign(p, { readySince: at.toISOString(), runningSince: at.toISOString() })), pods);

describe('trackDeployment + planJob: a rolling update (max_parallel 2 over count 6)', () => {
  const v2 = job('redis:8');

  it('replaces 2 at a time and waits for min_healthy_time before the next 2', () => {
    let state = pass(v2, healthyPods('redis:7'), undefined, 1, NOW);
    // budget = max_parallel 2 − 0 in flight = 2 destructive updates.
    expect(state.decision.budgets).toEqual({ cache: 2 });
    expect(state.plan.stop.map((s) => s.index)).toEqual([0, 1]);
    expect(state.plan.create.map((c) => c.index)).toEqual([0, 1]);
    const d1 = state.decision.deployment!;
    expect(d1).toMatchObject({ jobVersion: 1, status: 'running', groups: { cache: { desiredTotal: 6, placed: 0 } } });

    // The 2 new ones run but are not ready: 2 in flight, budget 0, nothing else replaced.
    state = pass(v2, state.pods, d1, 1, after(NOW, 1 * S));
    expect(state.decision.budgets).toEqual({ cache: 0 });
    expect(state.plan.stop).toEqual([]);
    expect(state.decision.deployment?.groups.cache).toMatchObject({ placed: 2, healthy: 0, unhealthy: 0 });

    // Ready at +2s: healthy only at +12s (min_healthy_time 10s); the deployment asks to be checked again then.
    const newNames = state.pods.filter((p) => p.labels['kubenomad.io/version'] !== healthyPods('redis:7')[0]!.labels['kubenomad.io/version']).map((p) => p.name);
    let pods = readyAt(state.pods, newNames, after(NOW, 2 * S));
    state = pass(v2, pods, d1, 1, after(NOW, 5 * S));
    expect(state.decision.budgets).toEqual({ cache: 0 });
    expect(state.decision.recheckAfterMs).toBe(7 * S); // 2s + 10s − 5s
    state = pass(v2, pods, d1, 1, after(NOW, 12 * S));
    expect(state.decision.deployment?.groups.cache).toMatchObject({ placed: 2, healthy: 2 });
    expect(state.plan.stop.map((s) => s.index)).toEqual([2, 3]);
    pods = state.pods;
    expect(pods).toHaveLength(6);
  });

  it('finishes successful with 6 of the new version, then allows everything', () => {
    let pods = healthyPods('redis:7');
    let previous: DeploymentState | undefined;
    let now = NOW;
    for (let step = 0; step < 4; step++) {
      const state = pass(v2, pods, previous, 1, now);
      previous = state.decision.deployment;
      now = after(now, 11 * S);
      pods = readyAt(state.pods, state.plan.create.map((c) => c.podName), after(now, -11 * S));
    }
    const done = trackDeployment({ job: v2, pods, nodes, previous, version: { version: 1, specHash: 'v1', changed: false }, now });
    expect(done.deployment).toMatchObject({ status: 'successful', statusDescription: 'Deployment completed successfully', groups: { cache: { placed: 6, healthy: 6 } } });
    expect(done.budgets).toEqual({});
  });

  it('fails at the progress deadline when the new allocations never become healthy, and stops replacing', () => {
    const first = pass(v2, healthyPods('redis:7'), undefined, 1, NOW);
    // The healthy deadline (1m) marks them unhealthy; the progress deadline (2m) fails the deployment.
    const at61 = pass(v2, first.pods, first.decision.deployment, 1, after(NOW, 61 * S));
    expect(at61.decision.deployment).toMatchObject({ status: 'running', groups: { cache: { unhealthy: 2 } } });
    expect(at61.decision.budgets).toEqual({ cache: 0 });
    const at120 = pass(v2, first.pods, at61.decision.deployment, 1, after(NOW, 120 * S));
    expect(at120.decision.deployment).toMatchObject({ status: 'failed', statusDescription: 'Failed due to progress deadline' });
    expect(at120.plan.stop).toEqual([]);
    expect(deploymentEvents(at61.decision.deployment, at120.decision.deployment)).toEqual([
      expect.objectContaining({ type: 'Warning', reason: 'DeploymentFailed' }),
    ]);
  });

  it('fails on the first unhealthy allocation when progress_deadline is 0', () => {
    const j = job('redis:8', { progressDeadline: '0' });
    const first = pass(j, healthyPods('redis:7'), undefined, 1, NOW);
    const later = pass(j, first.pods, first.decision.deployment, 1, after(NOW, 61 * S));
    expect(later.decision.deployment).toMatchObject({ status: 'failed', statusDescription: 'Failed due to unhealthy allocations' });
  });

  it('cancels a running deployment when a newer version arrives and starts one for it', () => {
    const first = pass(v2, healthyPods('redis:7'), undefined, 1, NOW);
    const v3 = pass(job('redis:9'), first.pods, first.decision.deployment, 2, after(NOW, 1 * S));
    expect(v3.decision.deployment).toMatchObject({ jobVersion: 2, status: 'running' });
    expect(v3.decision.deployment?.id).not.toBe(first.decision.deployment?.id);
    expect(deploymentEvents(first.decision.deployment, v3.decision.deployment).map((e) => e.reason)).toEqual(['DeploymentCancelled', 'DeploymentStarted']);
  });

  it('completes at once for an in-place change (no pod replaced)', () => {
    const inPlace = makeJob({ priority: 80, update: { maxParallel: 2, minHealthyTime: '10s' }, groups: [makeGroup({ count: 6, tasks: [redisTask({ config: { image: 'redis:7' }, services: [{ name: 'r', tags: ['new'] }] })] })] });
    const state = pass(inPlace, healthyPods('redis:7'), undefined, 1, NOW);
    expect(state.plan.stop).toEqual([]);
    expect(state.plan.create).toEqual([]);
    expect(state.decision.deployment?.status).toBe('successful');
  });

  it('keeps the recorded deployment as it is on a second pass over the same state (idempotent)', () => {
    const first = pass(v2, healthyPods('redis:7'), undefined, 1, NOW);
    const a = trackDeployment({ job: v2, pods: first.pods, nodes, previous: first.decision.deployment, version: { version: 1, specHash: 'v1', changed: false }, now: after(NOW, S) });
    const b = trackDeployment({ job: v2, pods: first.pods, nodes, previous: a.deployment, version: { version: 1, specHash: 'v1', changed: false }, now: after(NOW, S) });
    expect(b.deployment).toEqual(a.deployment);
  });
});

describe('canaries (update.canary), promotion, blue/green and auto_revert', () => {
  const canaryJob = (canary: number, update: Record<string, unknown> = {}): JobRef => job('redis:8', { canary, ...update });
  const newPods = (pods: ObservedPod[]): string[] => pods.filter((p) => p.labels['kubenomad.io/version'] === planJob(planInput(canaryJob(1))).create[0]!.version).map((p) => p.name);

  it('places the canary beside the old allocation, waits for promotion, then rolls the rest', () => {
    const j = canaryJob(1);
    let state = pass(j, healthyPods('redis:7'), undefined, 1, NOW);
    expect(state.decision.canaries).toEqual({ cache: 1 });
    expect(state.plan.stop).toEqual([]);
    expect(state.plan.create).toEqual([expect.objectContaining({ index: 0, reason: 'canary' })]);
    const d1 = state.decision.deployment!;
    expect(d1.groups.cache).toMatchObject({ desiredCanaries: 1, promoted: false });

    // Healthy canary: blocked, awaiting promotion; nothing else changes however long it waits.
    let pods = readyAt(state.pods, newPods(state.pods), after(NOW, S));
    state = pass(j, pods, d1, 1, after(NOW, 20 * S));
    expect(state.decision.deployment).toMatchObject({ status: 'blocked', statusDescription: 'Deployment is running but requires manual promotion', groups: { cache: { canaries: 1, healthy: 1 } } });
    expect(state.plan.create).toEqual([]);
    expect(state.plan.stop).toEqual([]);
    expect(pods).toHaveLength(7);

    // Promoted (by job version, as GitOps writes it): the old [0] stops, and max_parallel 2 replaces [1] and [2].
    state = pass(j, pods, state.decision.deployment, 1, after(NOW, 21 * S), { requests: { promote: '1' } });
    expect(state.decision.deployment?.groups.cache?.promoted).toBe(true);
    expect(state.plan.stop.map((x) => [x.index, x.reason])).toEqual([[0, 'spec-change'], [1, 'spec-change'], [2, 'spec-change']]);
    expect(state.plan.create.map((c) => c.index)).toEqual([1, 2]);
    pods = state.pods;
    expect(pods).toHaveLength(6);
  });

  it('promotes by itself with auto_promote once the canaries are healthy', () => {
    const j = canaryJob(2, { autoPromote: true });
    const first = pass(j, healthyPods('redis:7'), undefined, 1, NOW);
    const pods = readyAt(first.pods, newPods(first.pods), after(NOW, S));
    const next = pass(j, pods, first.decision.deployment, 1, after(NOW, 20 * S));
    expect(next.decision.deployment?.groups.cache).toMatchObject({ promoted: true, canaries: 2 });
    expect(next.plan.stop.map((x) => x.index)).toEqual([0, 1, 2, 3]);
  });

  it('blue/green (canary = count): the old version serves until promotion, then all of it stops', () => {
    const j = canaryJob(6);
    const first = pass(j, healthyPods('redis:7'), undefined, 1, NOW);
    expect(first.plan.create).toHaveLength(6);
    expect(first.plan.stop).toEqual([]);
    const pods = readyAt(first.pods, newPods(first.pods), after(NOW, S));
    const waiting = pass(j, pods, first.decision.deployment, 1, after(NOW, 20 * S));
    expect(waiting.decision.deployment?.status).toBe('blocked');
    expect(waiting.pods).toHaveLength(12);
    const promoted = pass(j, pods, waiting.decision.deployment, 1, after(NOW, 21 * S), { requests: { promote: waiting.decision.deployment!.id } });
    expect(promoted.plan.stop).toHaveLength(6);
    expect(promoted.plan.create).toEqual([]);
    const done = trackDeployment({ job: j, pods: promoted.pods, nodes, previous: promoted.decision.deployment, version: { version: 1, specHash: 'v1', changed: false }, now: after(NOW, 22 * S) });
    expect(done.deployment?.status).toBe('successful');
  });

  it('auto_revert: a failing canary stops, and the latest stable version is submitted again', () => {
    const j = canaryJob(1, { autoRevert: true, healthyDeadline: '30s', progressDeadline: '1m' });
    const stable = { id: 'd0', jobVersion: 0, status: 'successful' as const, statusDescription: '', createdAt: NOW.toISOString(), groups: {} };
    let history = recordHistory({ version: { version: 0, specHash: 'v0', changed: false }, spec: job('redis:7').spec, deployment: stable, now: NOW });
    history = recordHistory({ previous: history, version: { version: 1, specHash: 'v1', changed: true }, spec: j.spec, now: NOW });
    const first = pass(j, healthyPods('redis:7'), undefined, 1, NOW, { history });
    const failed = pass(j, first.pods, first.decision.deployment, 1, after(NOW, 61 * S), { history });
    expect(failed.decision.deployment).toMatchObject({ status: 'failed', statusDescription: 'Failed due to progress deadline - rolling back to job version 0' });
    expect(failed.decision.revertTo).toEqual({ version: 0, spec: JSON.parse(JSON.stringify(job('redis:7').spec)) });
    expect(failed.plan.stop).toEqual([expect.objectContaining({ index: 0, reason: 'canary-stopped' })]);
    expect(failed.pods).toHaveLength(6);
  });

  it('pauses on request (nothing replaced) and resumes when the request goes', () => {
    const first = pass(v2Job(), healthyPods('redis:7'), undefined, 1, NOW);
    const pods = readyAt(first.pods, newPods(first.pods), after(NOW, S));
    const paused = pass(v2Job(), pods, first.decision.deployment, 1, after(NOW, 20 * S), { requests: { pause: first.decision.deployment!.id } });
    expect(paused.decision.deployment?.status).toBe('paused');
    expect(paused.plan.stop).toEqual([]);
    const resumed = pass(v2Job(), pods, paused.decision.deployment, 1, after(NOW, 21 * S));
    expect(resumed.decision.deployment?.status).toBe('running');
    expect(resumed.plan.stop).toHaveLength(2);
    expect(deploymentEvents(paused.decision.deployment, resumed.decision.deployment).map((e) => e.reason)).toEqual(['DeploymentResumed']);
  });
});

function v2Job(): JobRef {
  return job('redis:8');
}
