import { describe, expect, it } from '@jest/globals';
import type { NomadJob } from '../../crds/nomadjob-types.js';
import { apiEvaluation, evaluationIdOf } from './evaluation.js';

const failure = { group: 'cache', failedAllocations: 32, nodesEvaluated: 3, nodesFiltered: 0, nodesAvailable: { dc1: 3 }, nodesExhausted: 3, dimensionExhausted: { memory: 3 }, message: '' };
const job = (generation: number, observedGeneration: number): NomadJob => ({
  apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'example', namespace: 'default', uid: 'u-1', generation, resourceVersion: '7' },
  spec: { groups: [{ name: 'cache', tasks: [] }] },
  status: { observedGeneration, placementFailures: [failure], summary: { cache: { queued: 32, starting: 0, running: 18, failed: 0, complete: 0, lost: 0 } } },
});

describe('synthesised evaluations', () => {
  it('have one stable UUID-shaped ID per job generation', () => {
    expect(evaluationIdOf(job(2, 2))).toBe(evaluationIdOf(job(2, 1)));
    expect(evaluationIdOf(job(3, 2))).not.toBe(evaluationIdOf(job(2, 2)));
    expect(evaluationIdOf(job(2, 2))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('are complete with the recorded failures once the generation was reconciled, pending with none before', () => {
    expect(apiEvaluation(job(2, 2), { defaultNamespace: 'default' })).toMatchObject({
      Status: 'complete', JobID: 'example', QueuedAllocations: { cache: 32 }, FailedTGAllocs: { cache: { DimensionExhausted: { memory: 3 }, CoalescedFailures: 31 } },
    });
    expect(apiEvaluation(job(3, 2), { defaultNamespace: 'default' })).toMatchObject({ Status: 'pending', FailedTGAllocs: null, QueuedAllocations: null });
  });
});
