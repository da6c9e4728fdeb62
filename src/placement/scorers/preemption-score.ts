/** PreemptionScoringIterator: prefer evicting less (and lower-priority) work: 1 / (1 + e^(0.0048·(netPriority − 2048))). */
import type { Scorer } from '../ranked.js';
import type { Allocation } from '../types.js';

/** maxP + ΣP / maxP over the victims. */
export function netPriority(victims: Allocation[]): number {
  let max = 0;
  let sum = 0;
  for (const v of victims) {
    max = Math.max(max, v.priority);
    sum += v.priority;
  }
  return max > 0 ? max + sum / max : 0;
}

/** The logistic preemption score. */
export function preemptionScore(net: number): number {
  return 1 / (1 + Math.exp(0.0048 * (net - 2048)));
}

/** Appends `preemption` only for options that need to evict. */
export function preemptionScorer(): Scorer {
  return {
    name: 'preemption',
    score(option) {
      return option.preempted.length > 0 ? preemptionScore(netPriority(option.preempted)) : null;
    },
  };
}
