/** JobAntiAffinityIterator: penalise nodes already running this job's group: −(collisions + 1) / count. */
import type { Scorer } from '../ranked.js';

/** Appends `job-anti-affinity` when the node holds allocations of the same job and group. */
export function jobAntiAffinityScorer(desiredCount: number): Scorer {
  return {
    name: 'job-anti-affinity',
    score(option, ctx) {
      const collisions = ctx.count(option.entry, ctx.groupKey);
      return collisions > 0 ? -(collisions + 1) / Math.max(1, desiredCount) : null;
    },
  };
}
