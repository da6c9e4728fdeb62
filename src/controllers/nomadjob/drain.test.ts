import { describe, expect, it } from '@jest/globals';
import type { ObservedPod } from './observed.js';
import { parseDrain, resolveMigrate } from './drain.js';
import { planJob } from './plan.js';
import type { JobPlan, JobRef, PlanInput } from './plan-types.js';
import { NOW, after, jobOfType, planInput } from './testing/builders.js';
import { applyPlan, updatePod } from './testing/simulate.js';

const S = 1_000;
const drainN1 = (deadlineMs = NOW.getTime() + 3_600 * S): PlanInput['draining'] => ({ n1: { deadlineMs, ignoreSystem: false } });
const group = { migrate: { maxParallel: 2, minHealthyTime: '10s' } };

/** Six allocations running on n1. */
function sixOnN1(): { job: JobRef; pods: ObservedPod[] } {
  const job = jobOfType('service', 6, group);
  return { job, pods: applyPlan(job, [], planJob(planInput(job)), { node: 'n1', running: true }) };
}

const plan = (job: JobRef, pods: ObservedPod[], at = NOW, draining = drainN1()): JobPlan => planJob(planInput(job, pods, { draining, now: at }));
const readyAt = (pods: ObservedPod[], names: string[], at: Date): ObservedPod[] =>
  names.reduce((list, name) => updatePod(list, name, (p) => { p.readySince = at.toISOString(); }), pods);

describe('parseDrain and resolveMigrate', () => {
  it('reads the annotation kubenomad node drain writes', () => {
    expect(parseDrain('{"deadline":"2026-01-01T01:00:00Z","ignoreSystem":true}')).toEqual({ deadlineMs: Date.parse('2026-01-01T01:00:00Z'), ignoreSystem: true });
    expect(parseDrain('nope')).toBeUndefined();
  });

  it("fills Nomad's defaults: max_parallel 1, min_healthy_time 10s, healthy_deadline 5m", () => {
    const job = jobOfType('service');
    expect(resolveMigrate(job.spec, job.spec.groups![0]!)).toEqual({ maxParallel: 1, minHealthyTimeMs: 10 * S, healthyDeadlineMs: 300 * S });
  });
});

describe('planJob on a draining node', () => {
  it('starts max_parallel migrations: replacements first, originals kept', () => {
    const { job, pods } = sixOnN1();
    const first = plan(job, pods);
    expect(first.create.map((c) => [c.index, c.reason, c.previous?.node])).toEqual([[0, 'migrate', 'n1'], [1, 'migrate', 'n1']]);
    expect(first.stop).toEqual([]);
  });

  it('stops an original once its replacement was healthy for min_healthy_time, then starts the next', () => {
    const { job, pods } = sixOnN1();
    const first = plan(job, pods);
    const withReplacements = applyPlan(job, pods, first, { node: 'n2', running: true });
    const names = first.create.map((c) => c.podName);
    // Ready 5s: not yet healthy for 10s — nothing stops, nothing new starts (2 migrating).
    const young = plan(job, readyAt(withReplacements, names, NOW), after(NOW, 5 * S));
    expect({ stop: young.stop, create: young.create }).toEqual({ stop: [], create: [] });
    expect(young.requeueAfterMs).toBe(5 * S);
    // Ready 10s: both originals stop (migrated) and the next two migrations start.
    const healthy = plan(job, readyAt(withReplacements, names, NOW), after(NOW, 10 * S));
    expect(healthy.stop.map((s) => [s.index, s.reason])).toEqual([[0, 'migrated'], [1, 'migrated']]);
    expect(healthy.create.map((c) => c.index)).toEqual([2, 3]);
  });

  it('at the deadline stops every remaining original and replaces it at once', () => {
    const { job, pods } = sixOnN1();
    const late = plan(job, pods, after(NOW, 2 * S), drainN1(NOW.getTime() + S));
    expect(late.stop.map((s) => s.reason)).toEqual(Array(6).fill('drain-deadline'));
    expect(late.create).toHaveLength(6);
  });

  it('leaves allocations on other nodes alone and plans nothing twice (second pass writes nothing)', () => {
    const { job, pods } = sixOnN1();
    const first = plan(job, pods);
    const next = applyPlan(job, pods, first, { node: 'n2' });
    const second = plan(job, next);
    expect({ create: second.create, stop: second.stop }).toEqual({ create: [], stop: [] });
  });
});
