/** Builds Nomad's AllocMetric: every rejection counted under a named reason, the best scores retained. */
import type { NodeEntry } from './cluster-state.js';
import type { AllocMetric, NodeScore } from './types.js';

/** Nomad's MaxRetainedNodeScores. */
export const MAX_RETAINED_SCORES = 5;

/** A fresh, empty metric. */
export function newMetric(nodesInPool = 0, nodesAvailable: Record<string, number> = {}): AllocMetric {
  return {
    nodesEvaluated: 0, nodesFiltered: 0, nodesInPool, nodesAvailable: { ...nodesAvailable },
    classFiltered: {}, constraintFiltered: {}, nodesExhausted: 0, classExhausted: {}, dimensionExhausted: {},
    scoreMetaData: [], coalescedFailures: 0,
  };
}

function inc(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

/** Records a node excluded by a feasibility check. */
export function filterNode(metric: AllocMetric, entry: NodeEntry, reason: string): void {
  metric.nodesFiltered++;
  const cls = entry.node.fingerprint.nodeClass;
  if (cls !== '') inc(metric.classFiltered, cls);
  inc(metric.constraintFiltered, reason);
}

/** Records a feasible node that lacked resources in `dimension`. */
export function exhaustNode(metric: AllocMetric, entry: NodeEntry, dimension: string): void {
  metric.nodesExhausted++;
  const cls = entry.node.fingerprint.nodeClass;
  if (cls !== '') inc(metric.classExhausted, cls);
  inc(metric.dimensionExhausted, dimension);
}

/** Whether a score would enter the retained top scores (saves building it when not). */
export function qualifies(metric: AllocMetric, normScore: number): boolean {
  const list = metric.scoreMetaData;
  return list.length < MAX_RETAINED_SCORES || (list[list.length - 1]?.normScore ?? 0) < normScore;
}

/** Keeps the node's score if it is among the best MAX_RETAINED_SCORES. */
export function retainScore(metric: AllocMetric, score: NodeScore): void {
  const list = metric.scoreMetaData;
  if (list.length === MAX_RETAINED_SCORES && (list[list.length - 1]?.normScore ?? 0) >= score.normScore) return;
  let i = list.length;
  while (i > 0 && (list[i - 1]?.normScore ?? 0) < score.normScore) i--;
  list.splice(i, 0, score);
  if (list.length > MAX_RETAINED_SCORES) list.pop();
}
