/** Accumulates a PlacementPlan: commits chosen options to the context and coalesces failures as Nomad does. */
import type { PlanContext } from './context.js';
import type { RankedNode } from './ranked.js';
import { nodeScoreOf } from './stack.js';
import type { AllocMetric, FailureReason, PlacementAsk, PlacementPlan } from './types.js';

/** Names a failure after what its metric shows. */
export function failureReason(metric: AllocMetric): FailureReason {
  if (metric.nodesEvaluated === 0) return 'no-nodes-eligible';
  if (metric.nodesExhausted > 0) return 'resources-exhausted';
  if (metric.nodesFiltered === metric.nodesEvaluated) return 'all-nodes-filtered';
  return 'no-node-selected';
}

/** An empty plan for the request in `ctx`. */
export function emptyPlan(ctx: PlanContext): PlacementPlan {
  return { jobId: ctx.request.job.id, group: ctx.request.group.name, placements: [], failures: [], preemptions: [], inPlace: [] };
}

/** Accounts the chosen option in the context (victims first) and records the placement. */
export function commitPlacement(plan: PlacementPlan, ctx: PlanContext, ask: PlacementAsk, option: RankedNode): void {
  const { job, group } = ctx.request;
  for (const victim of option.preempted) {
    ctx.preempt(victim);
    plan.preemptions.push({
      allocId: victim.id, jobId: victim.jobId, group: victim.group, nodeId: victim.nodeId, priority: victim.priority, preemptedBy: ask.name,
    });
  }
  const ports = option.ports.map((p) => p.value);
  ctx.account(option.entry.id, { namespace: job.namespace, jobId: job.id, group: group.name, resources: option.ask, ports }, 1);
  plan.placements.push({
    name: ask.name,
    nodeId: option.entry.id,
    nodeName: option.entry.node.fingerprint.name,
    ports: option.ports,
    score: option.nodeScore ?? nodeScoreOf(option),
    preempted: option.preempted.map((v) => v.id),
    ...(ask.previousAllocId === undefined ? {} : { previousAllocId: ask.previousAllocId }),
    metric: ctx.metric,
  });
}

/** Records a failed ask: the first failure keeps its metric, later ones are coalesced into it. */
export function recordFailure(plan: PlacementPlan, ask: PlacementAsk, metric: AllocMetric): void {
  const existing = plan.failures[0];
  if (existing) {
    existing.names.push(ask.name);
    existing.metric.coalescedFailures++;
    return;
  }
  plan.failures.push({ group: plan.group, names: [ask.name], reason: failureReason(metric), metric });
}
