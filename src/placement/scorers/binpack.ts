/** The `binpack` score: the chosen algorithm's fit over cpu and memory (including this placement), divided by 18. */
import type { Scorer } from '../ranked.js';
import type { AlgorithmName } from '../types.js';
import { MAX_FIT_SCORE, STRATEGIES } from './strategies.js';

/** Free fraction of a dimension; a zero-capacity dimension counts as full. */
function free(util: number, capacity: number): number {
  return capacity > 0 ? 1 - util / capacity : 0;
}

/** Scores fit with the named algorithm (labelled `binpack` whatever the algorithm, as Nomad). */
export function binPackScorer(algorithm: AlgorithmName): Scorer {
  const strategy = STRATEGIES[algorithm];
  return {
    name: 'binpack',
    score(option) {
      const cap = option.entry.node.allocatable;
      return strategy(free(option.utilCpu, cap.cpu), free(option.utilMemory, cap.memory)) / MAX_FIT_SCORE;
    },
  };
}
