import { describe, expect, it } from '@jest/globals';
import { planJob } from './plan.js';
import type { JobRef } from './plan-types.js';
import type { ObservedPod } from './observed.js';
import { jobOfType, planInput, readyNodes } from './testing/builders.js';
import { applyPlan, succeedPod, updatePod } from './testing/simulate.js';

function planOn(job: JobRef, pods: ObservedPod[], feasible: string[], nodes = feasible) {
  return planJob(planInput(job, pods, { feasibleNodes: { cache: feasible }, nodes: readyNodes(...nodes) }));
}

describe('planJob: system jobs follow nodes', () => {
  const job = jobOfType('system');

  it('places one allocation per feasible node, each targeted at its node with index 0', () => {
    const plan = planOn(job, [], ['n1', 'n2']);
    expect(plan.create.map((c) => [c.node, c.index, c.allocName])).toEqual([
      ['n1', 0, 'example.cache[0]'],
      ['n2', 0, 'example.cache[0]'],
    ]);
    expect(new Set(plan.create.map((c) => c.podName)).size).toBe(2);
  });

  it('adds an allocation for a node that joins and stops the one of a node that leaves', () => {
    const pods = applyPlan(job, [], planOn(job, [], ['n1', 'n2']), { running: true });
    const joined = planOn(job, pods, ['n1', 'n2', 'n3']);
    expect(joined.create.map((c) => c.node)).toEqual(['n3']);
    expect(joined.stop).toEqual([]);
    const left = planOn(job, pods, ['n1'], ['n1']);
    expect(left.stop).toEqual([expect.objectContaining({ reason: 'node-gone' })]);
    const cordoned = planOn(job, pods, ['n1'], ['n1', 'n2']);
    expect(cordoned.stop).toEqual([expect.objectContaining({ reason: 'node-not-feasible' })]);
  });

  it('is idempotent once every feasible node has its allocation', () => {
    const pods = applyPlan(job, [], planOn(job, [], ['n1', 'n2']), { running: true });
    expect(planOn(job, pods, ['n1', 'n2'])).toMatchObject({ create: [], stop: [] });
  });
});

describe('planJob: sysbatch runs once per node', () => {
  const job = jobOfType('sysbatch');

  it('keeps completed allocations and only runs on new nodes', () => {
    let pods = applyPlan(job, [], planOn(job, [], ['n1']), { running: true });
    pods = updatePod(pods, pods[0]!.name, (p) => succeedPod(p));
    const plan = planOn(job, pods, ['n1', 'n2']);
    expect(plan.create.map((c) => c.node)).toEqual(['n2']);
    expect(plan.keep).toEqual([pods[0]!.name]);
  });
});
