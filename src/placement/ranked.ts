/** RankedNode and the scorer interface: a feasible node with its resources, ports and labelled scores. */
import type { NodeEntry } from './cluster-state.js';
import type { PlanContext } from './context.js';
import type { Allocation, AssignedPort, NodeScore, ResourceVector, ScoreEntry } from './types.js';

/** A node that fits, carrying what the placement would take there. */
export interface RankedNode {
  entry: NodeEntry;
  ask: ResourceVector;
  ports: AssignedPort[];
  preempted: Allocation[];
  /** Proposed cpu and memory on the node including this placement (for the fit score). */
  utilCpu: number;
  utilMemory: number;
  scores: ScoreEntry[];
  finalScore: number;
  /** The option's NodeScore once built for the metric (reused by the placement). */
  nodeScore?: NodeScore;
}

/** A rank stage: appends a labelled score to the option, or nothing (Nomad's RankIterator). */
export interface Scorer {
  name: string;
  score(option: RankedNode, ctx: PlanContext): number | null;
}

/** Runs scorers in order, appending their scores, then normalises (ScoreNormalizationIterator: the mean). */
export function scoreOption(option: RankedNode, scorers: Scorer[], ctx: PlanContext): void {
  for (const scorer of scorers) {
    const score = scorer.score(option, ctx);
    if (score !== null) option.scores.push({ scorer: scorer.name, score });
  }
  let sum = 0;
  for (const s of option.scores) sum += s.score;
  option.finalScore = option.scores.length > 0 ? sum / option.scores.length : 0;
}
