import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { slotKey } from './alloc-name.js';
import type { ObservedPod } from './observed.js';
import { planJob } from './plan.js';
import type { AllocToCreate } from './plan-types.js';
import { NOW, after, jobOfType, makeJob, planInput, podFor, readyNodes } from './testing/builders.js';
import { applyPlan } from './testing/simulate.js';

const job = jobOfType('service', 4);
const oldJob = makeJob({ meta: { old: 'yes' }, groups: job.spec.groups });
const nodes = readyNodes('n1', 'n2');

/** An arbitrary pod of the job: any index, generation, version, phase, node and age. */
const arbPod = fc.record({
  index: fc.integer({ min: 0, max: 6 }),
  generation: fc.integer({ min: 0, max: 2 }),
  old: fc.boolean(),
  phase: fc.constantFrom('Pending', 'Running', 'Succeeded', 'Failed') as fc.Arbitrary<ObservedPod['phase']>,
  node: fc.constantFrom(undefined, 'n1', 'n2', 'gone'),
  ageS: fc.integer({ min: 0, max: 600 }),
  terminating: fc.boolean(),
}).map((p): ObservedPod => {
  const source = p.old ? oldJob : job;
  const template = planJob(planInput(source)).create[0]!;
  const alloc: AllocToCreate = { ...template, index: p.index, generation: p.generation, podName: `${template.podName}-${p.index}-${p.generation}` };
  const builder = podFor(source, alloc, after(NOW, -p.ageS * 1000));
  if (p.node) builder.on(p.node);
  if (p.phase === 'Running') builder.running();
  if (p.phase === 'Succeeded') builder.succeeded(after(NOW, -p.ageS * 500));
  if (p.phase === 'Failed') builder.failed(after(NOW, -p.ageS * 500));
  if (p.terminating) builder.terminating();
  return builder.build();
});
const arbPods = fc.uniqueArray(arbPod, { selector: (p) => p.name, maxLength: 10 });

describe('planJob properties', () => {
  it('gives the same plan for the same observation', () => {
    fc.assert(fc.property(arbPods, (pods) => {
      expect(planJob(planInput(job, pods, { nodes }))).toEqual(planJob(planInput(job, pods, { nodes })));
    }));
  });

  it('never creates two allocations for one slot, nor a slot beyond count', () => {
    fc.assert(fc.property(arbPods, (pods) => {
      const plan = planJob(planInput(job, pods, { nodes }));
      const keys = plan.create.map(slotKey);
      expect(new Set(keys).size).toBe(keys.length);
      expect(plan.create.every((c) => c.index < 4)).toBe(true);
    }));
  });

  it('converges: after two applied plans the third changes nothing', () => {
    fc.assert(fc.property(arbPods, (pods) => {
      let state = pods;
      for (let round = 0; round < 2; round++) {
        state = applyPlan(job, state, planJob(planInput(job, state, { nodes })), { node: 'n1', running: true });
      }
      const third = planJob(planInput(job, state, { nodes }));
      expect({ create: third.create, stop: third.stop }).toEqual({ create: [], stop: [] });
    }));
  });
});
