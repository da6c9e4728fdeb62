/**
 * LimitIterator + MaxScoreIterator: examine at most `limit` scored options, setting aside up to 3 with a
 * non-positive score in the hope of better ones (used only if the source runs dry), then keep the first option
 * with the strictly highest final score (ties go to the earlier node in scan order).
 */
import type { RankedNode } from './ranked.js';

/** Nomad's LimitIterator maxSkip and scoreThreshold. */
export const MAX_SKIP = 3;
export const SKIP_SCORE_THRESHOLD = 0;

/** Batch jobs: the power of two choices. */
export const BATCH_LIMIT = 2;
/** Default node_limit_for_feasibility_checks for groups with affinities or spreads. */
export const AFFINITY_SPREAD_LIMIT = 100;

/** How many scored options one selection examines (§1.9). */
export function selectionLimit(opts: { batch: boolean; candidates: number; count: number; affinityOrSpread: boolean; nodeLimit?: number }): number {
  if (opts.affinityOrSpread) return Math.max(opts.count, opts.nodeLimit ?? AFFINITY_SPREAD_LIMIT);
  if (opts.batch || opts.candidates === 0) return BATCH_LIMIT;
  return Math.max(BATCH_LIMIT, Math.ceil(Math.log2(opts.candidates)));
}

/**
 * How a selection with `bestFit` best-fit candidates (0: off) mixes them with Nomad's scan: the options it scores
 * (`limit`) and how many the index may supply (`fromIndex`; the scan supplies the rest). The candidates replace
 * Nomad's random sample, supplying skipped options too: a sample of emptier nodes would undo the packing, since
 * job-anti-affinity's penalty halves a fuller node's mean score against a node without the group. Groups with
 * affinities or spreads (their scorers compare many nodes) and an explicit scanLimit keep their sample after them.
 */
export function bestFitLimits(bestFit: number, nomadLimit: number, keepSample: boolean): { limit: number; fromIndex: number } {
  if (bestFit <= 0) return { limit: nomadLimit, fromIndex: 0 };
  if (keepSample) return { limit: Math.max(nomadLimit, bestFit), fromIndex: bestFit };
  return { limit: bestFit, fromIndex: bestFit + MAX_SKIP };
}

/** Pulls options from `next` and returns the best of the first `limit` (with Nomad's skip rule). */
export function selectBest(next: () => RankedNode | null, limit: number): RankedNode | null {
  const skipped: RankedNode[] = [];
  let best: RankedNode | null = null;
  let seen = 0;
  const consider = (option: RankedNode): void => {
    if (best === null || option.finalScore > best.finalScore) best = option;
    seen++;
  };
  while (seen < limit) {
    const option = next();
    if (option === null) break;
    if (option.finalScore <= SKIP_SCORE_THRESHOLD && skipped.length < MAX_SKIP) skipped.push(option);
    else consider(option);
  }
  for (const option of skipped) {
    if (seen >= limit) break;
    consider(option);
  }
  return best;
}
