/** Nomad's AllocationMetric from a recorded placement failure (plan's FailedTGAllocs, an evaluation's). */
import type { PlacementFailure } from '../../crds/nomadjob-types.js';

/** api.AllocationMetric of a group's failed placements. */
export function allocationMetric(f: PlacementFailure): Record<string, unknown> {
  return {
    NodesEvaluated: f.nodesEvaluated, NodesFiltered: f.nodesFiltered, NodesInPool: f.nodesEvaluated, NodesAvailable: f.nodesAvailable,
    ClassFiltered: f.classFiltered ?? null, ConstraintFiltered: f.constraintFiltered ?? null, NodesExhausted: f.nodesExhausted,
    ClassExhausted: f.classExhausted ?? null, DimensionExhausted: f.dimensionExhausted ?? null, QuotaExhausted: null, ResourcesExhausted: null,
    Scores: null, ScoreMetaData: null, AllocationTime: 0, CoalescedFailures: Math.max(0, f.failedAllocations - 1),
  };
}
