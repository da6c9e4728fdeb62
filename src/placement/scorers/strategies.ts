/**
 * Scheduler algorithms, registered by name (not branched on): each maps free cpu and memory fractions to a fit
 * score in [0, 18] with Nomad's formulas (funcs.go ScoreFitBinPack / ScoreFitSpread).
 */
import type { AlgorithmName } from '../types.js';

/** Nomad's binPackingMaxFitScore: the fit score is divided by it to land in [0, 1]. */
export const MAX_FIT_SCORE = 18;

/** A fit scoring function over free fractions (1 − util/capacity). */
export type FitStrategy = (freeCpu: number, freeMemory: number) => number;

const clampFit = (score: number): number => Math.min(MAX_FIT_SCORE, Math.max(0, score));

/** total = 10^freeCpu + 10^freeMem ∈ [2, 20]. */
const total = (freeCpu: number, freeMemory: number): number => 10 ** freeCpu + 10 ** freeMemory;

/** The registry of algorithms. */
export const STRATEGIES: Record<AlgorithmName, FitStrategy> = {
  /** BestFit v3: fuller nodes score higher: clamp(20 − total, 0, 18). */
  binpack: (freeCpu, freeMemory) => clampFit(20 - total(freeCpu, freeMemory)),
  /** Worst fit: emptier nodes score higher: clamp(total − 2, 0, 18). */
  spread: (freeCpu, freeMemory) => clampFit(total(freeCpu, freeMemory) - 2),
};
