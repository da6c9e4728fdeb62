/** NodeAffinityIterator: Σ weight of matched affinities / Σ |weight| ∈ [−1, 1]; appended whenever there are affinities. */
import { satisfies } from '../operators/constraint.js';
import type { Scorer } from '../ranked.js';
import type { AffinitySpec } from '../types.js';

/** Nomad's default affinity weight. */
export const DEFAULT_AFFINITY_WEIGHT = 50;

/** A scorer, or null when the group has no affinities. */
export function nodeAffinityScorer(affinities: AffinitySpec[]): Scorer | null {
  if (affinities.length === 0) return null;
  const weights = affinities.map((a) => a.weight ?? DEFAULT_AFFINITY_WEIGHT);
  const sumAbs = weights.reduce((s, w) => s + Math.abs(w), 0);
  return {
    name: 'node-affinity',
    score(option) {
      let total = 0;
      affinities.forEach((a, i) => {
        if (satisfies(a, option.entry.node.fingerprint)) total += weights[i] ?? 0;
      });
      return sumAbs > 0 ? total / sumAbs : 0;
    },
  };
}
