/**
 * placeSystem: system and sysbatch jobs get one allocation per feasible node, nodes visited in id order (no
 * shuffle). Nodes filtered by constraints are simply skipped; nodes that are feasible but full are failures,
 * coalesced into one metric whose exhaustion counts cover every such node.
 */
import { candidateNodes } from './checkers/candidates.js';
import type { ClusterState } from './cluster-state.js';
import { addCount } from './metrics.js';
import { preemptionEnabled, newContext } from './place.js';
import { commitPlacement, emptyPlan, recordFailure } from './plan-builder.js';
import { newSystemStack } from './stack.js';
import type { AllocMetric, ClusterSnapshot, PlacementOptions, PlacementPlan, PlacementRequest } from './types.js';

function mergeExhaustion(into: AllocMetric, from: AllocMetric): void {
  into.nodesExhausted += from.nodesExhausted;
  for (const [k, n] of Object.entries(from.dimensionExhausted)) addCount(into, 'dimensionExhausted', k, n);
  for (const [k, n] of Object.entries(from.classExhausted)) addCount(into, 'classExhausted', k, n);
}

/** Places one allocation of the group on every feasible node that does not already run one. */
export function placeSystem(cluster: ClusterSnapshot | ClusterState, request: PlacementRequest, options: PlacementOptions): PlacementPlan {
  const ctx = newContext(cluster, request, options, []);
  const plan = emptyPlan(ctx);
  const candidates = candidateNodes(ctx.state, request.job);
  const byId = [...candidates.nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const stack = newSystemStack(ctx, candidates);
  const evict = preemptionEnabled(request.job.type, options);
  for (const entry of byId) {
    if (ctx.count(entry, ctx.groupKey) > 0) continue;
    const ask = { name: `${request.job.id}.${request.group.name}[0]` };
    const option = stack.selectOn(entry, evict);
    if (option) {
      commitPlacement(plan, ctx, ask, option);
      continue;
    }
    if (ctx.metric.nodesFiltered > 0) continue;
    const first = plan.failures[0];
    recordFailure(plan, ask, ctx.metric);
    if (first) mergeExhaustion(first.metric, ctx.metric);
  }
  return plan;
}
