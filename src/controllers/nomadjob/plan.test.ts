import { describe, expect, it } from '@jest/globals';
import { planJob } from './plan.js';
import type { JobPlan, JobRef } from './plan-types.js';
import type { ObservedPod } from './observed.js';
import { NOW, after, jobOfType, makeJob, planInput, withGroup } from './testing/builders.js';
import { applyPlan, failPod, succeedPod, updatePod } from './testing/simulate.js';

/** Plans, then applies the plan with pods bound to n1 and running: one reconcile of a healthy cluster. */
function reconcile(job: JobRef, pods: ObservedPod[], now = NOW): { plan: JobPlan; pods: ObservedPod[] } {
  const plan = planJob(planInput(job, pods, { now }));
  return { plan, pods: applyPlan(job, pods, plan, { node: 'n1', running: true, at: now }) };
}

const indexes = (plan: JobPlan, key: 'create' | 'stop'): number[] => plan[key].map((a) => a.index).sort((a, b) => a - b);

describe('planJob: service scaling (seed 001: count 1 → 15 → 5)', () => {
  it('creates index 0 for a new job with count 1', () => {
    const plan = planJob(planInput(makeJob()));
    expect(plan.create).toHaveLength(1);
    expect(plan.create[0]).toMatchObject({ group: 'cache', index: 0, generation: 0, reason: 'new', allocName: 'example.cache[0]' });
    expect(plan.create[0]?.podName).toMatch(/^example-cache-0-[0-9a-f]{10}$/);
  });

  it('creates only the 14 missing indexes when count goes 1 → 15, and stops 10 when it goes 15 → 5', () => {
    let state = reconcile(jobOfType('service', 1), []);
    state = reconcile(jobOfType('service', 15), state.pods);
    // 15 wanted − 1 running = 14 creates, indexes 1..14; the running one is kept.
    expect(indexes(state.plan, 'create')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(state.plan.keep).toHaveLength(1);
    state = reconcile(jobOfType('service', 5), state.pods);
    // 15 running − 5 wanted = 10 stops, the highest indexes 5..14.
    expect(indexes(state.plan, 'stop')).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(state.plan.stop.every((s) => s.reason === 'scale-down')).toBe(true);
    expect(state.plan.create).toEqual([]);
    expect(state.pods).toHaveLength(5);
  });

  it('does not replace allocations when only count changes', () => {
    const one = reconcile(jobOfType('service', 1), []);
    const two = reconcile(jobOfType('service', 2), one.pods);
    expect(two.plan.stop).toEqual([]);
    expect(two.plan.create.map((c) => c.version)).toEqual([one.plan.create[0]?.version]);
  });
});

describe('planJob: replacement of lost, deleted and failed service allocations', () => {
  const job = jobOfType('service', 1);

  it('replaces a deleted pod at the same index under a new generation and alloc id', () => {
    const first = reconcile(job, []);
    const observed = planJob(planInput(job, first.pods));
    const plan = planJob(planInput(job, [], { generations: observed.generations, createdSlots: observed.createdSlots }));
    expect(plan.create[0]).toMatchObject({ index: 0, generation: 1, reason: 'replace-missing' });
    expect(plan.create[0]?.allocId).not.toEqual(first.plan.create[0]?.allocId);
    expect(plan.create[0]?.podName).toMatch(/-1$/);
  });

  it('replaces a vanished generation-0 pod under a new name from the compact memory (status.allocSlots) alone', () => {
    const first = reconcile(job, []);
    const observed = planJob(planInput(job, first.pods));
    // Only generations above 0 are persisted; createdSlots says index 0 existed.
    expect(observed.createdSlots).toEqual({ cache: 1 });
    const plan = planJob(planInput(job, [], { createdSlots: observed.createdSlots }));
    expect(plan.create[0]).toMatchObject({ index: 0, generation: 1, reason: 'replace-missing' });
    expect(plan.create[0]?.podName).not.toEqual(first.pods[0]?.name);
  });

  it('remembers only slots whose pods exist, so a create that never happened leaves the memory unchanged', () => {
    // An unplaceable allocation is planned again each pass with the same identity: no status churn, no loop.
    const plan = planJob(planInput(job));
    expect(plan.generations).toEqual({});
    expect(plan.createdSlots).toEqual({});
    const again = planJob(planInput(job, [], { generations: plan.generations, createdSlots: plan.createdSlots }));
    expect(again.create[0]).toMatchObject({ generation: 0, reason: 'new', podName: plan.create[0]!.podName });
    // Once the pod exists, generation 0 of the slot is remembered in createdSlots alone (O(groups) memory).
    const seen = planJob(planInput(job, applyPlan(job, [], plan, { node: 'n1', running: true })));
    expect(seen.createdSlots).toEqual({ cache: 1 });
    expect(seen.generations).toEqual({});
  });

  it('replaces a failed service allocation after the 30s delay, with a penalty on its node', () => {
    const first = reconcile(job, []);
    const failed = updatePod(first.pods, first.pods[0]!.name, (p) => failPod(p, NOW));
    // Failed at NOW, default delay 30s: at NOW+10s wait 20s more; at NOW+30s reschedule.
    const early = planJob(planInput(job, failed, { now: after(NOW, 10_000) }));
    expect(early.create).toEqual([]);
    expect(early.requeueAfterMs).toBe(20_000);
    const due = planJob(planInput(job, failed, { now: after(NOW, 30_000) }));
    expect(due.create[0]).toMatchObject({ index: 0, generation: 1, reason: 'reschedule', previous: { node: 'n1' } });
    expect(due.create[0]?.events).toEqual([
      { at: after(NOW, 30_000).getTime(), delayMs: 30_000, prevAllocId: first.plan.create[0]?.allocId, prevNode: 'n1' },
    ]);
    expect(due.keep).toEqual([first.pods[0]!.name]);
  });

  it('doubles the delay for the next failure (exponential: 30s → 60s) and keeps the failed pod as history', () => {
    const first = reconcile(job, []);
    const failed = updatePod(first.pods, first.pods[0]!.name, (p) => failPod(p, NOW));
    const second = reconcile(job, failed, after(NOW, 30_000));
    // The replacement runs; the failed predecessor holds nothing and stays, as Nomad keeps it until GC.
    const third = planJob(planInput(job, second.pods, { now: after(NOW, 30_000) }));
    expect(third.stop).toEqual([]);
    expect(third.keep).toContain(first.pods[0]!.name);
    const replacement = second.plan.create[0]!.podName;
    const failedAgain = updatePod(second.pods, replacement, (p) => failPod(p, after(NOW, 40_000)));
    // Last event delay 30s × 2 = 60s after the failure at +40s → due at +100s; at +50s wait 50s.
    const plan = planJob(planInput(job, failedAgain, { now: after(NOW, 50_000) }));
    expect(plan.waiting).toEqual([{ podName: replacement, group: 'cache', index: 0, waitMs: 50_000, reschedule: true }]);
  });

  it('replaces an allocation whose node is gone at once, then stops it as node-gone', () => {
    const first = reconcile(job, []);
    const plan = planJob(planInput(job, first.pods, { nodes: { n2: 'ready' } }));
    expect(plan.create[0]).toMatchObject({ reason: 'replace-lost', generation: 1, previous: { node: 'n1' } });
    const pods = applyPlan(job, first.pods, plan, { node: 'n2', running: true });
    const next = planJob(planInput(job, pods, { nodes: { n2: 'ready' } }));
    expect(next.stop.map((s) => s.reason)).toEqual(['node-gone']);
    expect(next.create).toEqual([]);
  });
});

describe('planJob: large jobs in bounded passes', () => {
  it('plans at most createLimit creates per pass and counts the rest as deferred', () => {
    const plan = planJob(planInput(jobOfType('batch', 1200), [], { createLimit: 500 }));
    expect(plan.create).toHaveLength(500);
    expect(plan.deferred).toBe(700);
    expect(plan.deferredByGroup).toEqual({ cache: 700 });
    // Nothing is remembered as created until pods exist.
    expect(plan.createdSlots).toEqual({});
  });
});

describe('planJob: batch runs to completion', () => {
  const job = jobOfType('batch', 1);

  it('keeps a succeeded batch allocation complete and never recreates it', () => {
    const first = reconcile(job, []);
    const done = updatePod(first.pods, first.pods[0]!.name, (p) => succeedPod(p));
    const plan = planJob(planInput(job, done, { now: after(NOW, 86_400_000) }));
    expect(plan).toMatchObject({ create: [], stop: [], keep: [first.pods[0]!.name] });
  });

  it('reschedules a failed batch allocation once (5s constant delay), then leaves it failed', () => {
    const first = reconcile(job, []);
    const failed = updatePod(first.pods, first.pods[0]!.name, (p) => failPod(p, NOW));
    const retry = reconcile(job, failed, after(NOW, 5_000));
    expect(retry.plan.create[0]).toMatchObject({ reason: 'reschedule', generation: 1 });
    const replacement = retry.plan.create[0]!.podName;
    const failedAgain = updatePod(retry.pods, replacement, (p) => failPod(p, after(NOW, 60_000)));
    // attempts 1 in 24h: one event within the interval → no attempt left.
    const plan = planJob(planInput(job, failedAgain, { now: after(NOW, 120_000) }));
    expect(plan.create).toEqual([]);
    expect(plan.exhausted).toEqual([replacement]);
    // Both failures stay visible (Nomad's summary: Failed 2).
    expect(plan.stop).toEqual([]);
    expect(plan.keep).toEqual([first.pods[0]!.name, replacement].sort());
  });

  it('keeps at most SLOT_HISTORY finished predecessors per slot, stopping the oldest', () => {
    const unlimited = withGroup(jobOfType('batch', 1), 'cache', { reschedule: { unlimited: true, delay: '1s', delayFunction: 'constant' } });
    let state = reconcile(unlimited, []);
    const names = [state.pods[0]!.name];
    for (let i = 1; i <= 4; i++) {
      const at = after(NOW, i * 10_000);
      const failed = updatePod(state.pods, names[names.length - 1]!, (p) => failPod(p, at));
      state = reconcile(unlimited, failed, after(at, 1_000));
      names.push(state.plan.create[0]!.podName);
    }
    // Generations 0..4: 4 failed, the newest running. History keeps the 3 newest failures; generation 0 goes.
    const plan = planJob(planInput(unlimited, state.pods, { now: after(NOW, 60_000) }));
    expect(plan.stop.map((x) => [x.podName, x.reason])).toEqual([[names[0], 'replaced']]);
  });
});

describe('planJob: spec changes, stop, duplicates, idempotence', () => {
  it('replaces every allocation when a task changes (all at once)', () => {
    const job = jobOfType('service', 3);
    const first = reconcile(job, []);
    const changed = withGroup(job, 'cache', { tasks: [{ ...job.spec.groups![0]!.tasks[0]!, env: { A: '1' } }] });
    const plan = planJob(planInput(changed, first.pods));
    expect(indexes(plan, 'stop')).toEqual([0, 1, 2]);
    expect(plan.stop.every((s) => s.reason === 'spec-change')).toBe(true);
    expect(indexes(plan, 'create')).toEqual([0, 1, 2]);
    expect(plan.create.every((c) => c.reason === 'spec-change' && c.version !== first.plan.create[0]?.version)).toBe(true);
  });

  it('stops running allocations and keeps finished ones when the job is stopped', () => {
    const job = jobOfType('batch', 2);
    const first = reconcile(job, []);
    const pods = updatePod(first.pods, first.pods[0]!.name, (p) => succeedPod(p));
    const plan = planJob(planInput({ ...job, spec: { ...job.spec, stop: true } }, pods));
    expect(plan.stop).toEqual([expect.objectContaining({ index: 1, reason: 'job-stopped' })]);
    expect(plan.create).toEqual([]);
  });

  it('stops everything when the job is being deleted', () => {
    const job = jobOfType('service', 2);
    const first = reconcile(job, []);
    expect(planJob(planInput({ ...job, deleting: true }, first.pods)).stop).toHaveLength(2);
  });

  it('keeps the older of two pods for one index and version and stops the other', () => {
    const job = jobOfType('service', 1);
    const first = reconcile(job, []);
    const observed = planJob(planInput(job, first.pods));
    const again = planJob(planInput(job, [], { generations: observed.generations, createdSlots: observed.createdSlots }));
    const duplicate = applyPlan(job, [], again, { node: 'n2', running: true, at: after(NOW, 1_000) });
    const plan = planJob(planInput(job, [...duplicate, ...first.pods]));
    expect(plan.stop).toEqual([expect.objectContaining({ podName: duplicate[0]!.name, reason: 'duplicate' })]);
    expect(plan.keep).toEqual([first.pods[0]!.name]);
  });

  it('gives the same plan twice, and an empty diff once the plan is applied', () => {
    const job = jobOfType('service', 3);
    expect(planJob(planInput(job))).toEqual(planJob(planInput(job)));
    const first = reconcile(job, []);
    const second = planJob(planInput(job, first.pods));
    expect(second).toMatchObject({ create: [], stop: [] });
    expect(second.keep).toHaveLength(3);
  });

  it('stops allocations of a group removed from the spec', () => {
    const job = jobOfType('service', 1);
    const first = reconcile(job, []);
    const renamed = withGroup(job, 'cache', { name: 'store' });
    const plan = planJob(planInput(renamed, first.pods));
    expect(plan.stop.map((s) => s.reason)).toEqual(['group-removed']);
    expect(plan.create.map((c) => c.group)).toEqual(['store']);
  });
});
