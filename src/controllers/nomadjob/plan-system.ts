/**
 * System and sysbatch groups: one allocation per feasible node. Allocations follow nodes: a node that joins
 * gets one, a node that leaves or stops being feasible loses its. Failed allocations are not rescheduled
 * (Nomad restarts system tasks in place only); sysbatch allocations run once per node.
 */
import type { TaskGroup } from '../../crds/nomadjob-types.js';
import { TARGET_NODE_ANNOTATION } from './labels.js';
import { isTerminal, type ObservedAlloc } from './observed.js';
import { groupBy, statusOf, stop, type PlanContext } from './plan-context.js';
import { planSlot, type SlotRules } from './plan-slot.js';
import { groupVersion } from './version.js';

/** The node a system allocation is for: its slot node, else the node placement chose, else where it is bound. */
function nodeOf(alloc: ObservedAlloc): string {
  return alloc.node ?? alloc.pod.annotations[TARGET_NODE_ANNOTATION] ?? alloc.pod.nodeName ?? '';
}

/** Plans one system or sysbatch group over the feasible nodes the caller computed. */
export function planSystemGroup(ctx: PlanContext, group: TaskGroup, allocs: ObservedAlloc[]): void {
  const { spec } = ctx.input.job;
  const feasible = [...new Set(ctx.input.feasibleNodes?.[group.name] ?? [])].sort();
  const rules: SlotRules = {
    version: groupVersion(spec, group),
    runsToCompletion: spec.type === 'sysbatch',
    reschedule: null,
    replaceLost: false,
  };
  const byNode = groupBy(allocs, nodeOf);
  for (const [node, onNode] of byNode) {
    if (!feasible.includes(node)) stopOffNode(ctx, node, onNode);
  }
  for (const node of feasible) {
    planSlot(ctx, { group: group.name, index: 0, node }, byNode.get(node) ?? [], rules);
  }
}

/** A node left the feasible set: gone → stop all; still there → stop what runs, keep terminal history. */
function stopOffNode(ctx: PlanContext, node: string, allocs: ObservedAlloc[]): void {
  const gone = ctx.input.nodes[node] === undefined;
  for (const alloc of allocs) {
    if (gone) stop(ctx, alloc, 'node-gone');
    else if (!isTerminal(statusOf(ctx, alloc))) stop(ctx, alloc, 'node-not-feasible');
  }
}
