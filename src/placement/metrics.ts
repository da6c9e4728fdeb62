/** Builds Nomad's AllocMetric: every rejection counted under a named reason, the best scores retained. */
import type { NodeEntry } from './cluster-state.js';
import type { AllocMetric, NodeScore } from './types.js';

/** Nomad's MaxRetainedNodeScores. */
export const MAX_RETAINED_SCORES = 5;

/** The count maps of a metric; they start as one shared empty (frozen) record and are copied on first write. */
type CountMap = 'classFiltered' | 'constraintFiltered' | 'classExhausted' | 'dimensionExhausted';
const NONE: Record<string, number> = Object.freeze({}) as Record<string, number>;

/**
 * A fresh, empty metric. `nodesAvailable` is shared, not copied (a plan's metrics all describe the same
 * candidates); every successful placement keeps its metric, so an empty one must cost little.
 */
export function newMetric(nodesInPool = 0, nodesAvailable: Record<string, number> = {}): AllocMetric {
  return {
    nodesEvaluated: 0, nodesFiltered: 0, nodesInPool, nodesAvailable,
    classFiltered: NONE, constraintFiltered: NONE, nodesExhausted: 0, classExhausted: NONE, dimensionExhausted: NONE,
    scoreMetaData: [], coalescedFailures: 0,
  };
}

/** Adds `by` to `metric[map][key]`, giving the metric its own record first. */
export function addCount(metric: AllocMetric, map: CountMap, key: string, by = 1): void {
  if (metric[map] === NONE) metric[map] = {};
  metric[map][key] = (metric[map][key] ?? 0) + by;
}

/** Records a node excluded by a feasibility check. */
export function filterNode(metric: AllocMetric, entry: NodeEntry, reason: string): void {
  metric.nodesFiltered++;
  const cls = entry.node.fingerprint.nodeClass;
  if (cls !== '') addCount(metric, 'classFiltered', cls);
  addCount(metric, 'constraintFiltered', reason);
}

/** Records a feasible node that lacked resources in `dimension`. */
export function exhaustNode(metric: AllocMetric, entry: NodeEntry, dimension: string): void {
  metric.nodesExhausted++;
  const cls = entry.node.fingerprint.nodeClass;
  if (cls !== '') addCount(metric, 'classExhausted', cls);
  addCount(metric, 'dimensionExhausted', dimension);
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
