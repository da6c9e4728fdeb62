/**
 * In-place updates: an allocation whose update is not destructive is re-fitted on its own node (its old footprint
 * discounted). If the node no longer fits or is no longer feasible, the update becomes destructive: the allocation
 * is stopped and re-placed like any other.
 */
import type { PlanContext } from './context.js';
import { feasibilityWrapper } from './checkers/feasibility.js';
import type { Checker } from './checkers/checker.js';
import { binPackFit } from './fit.js';
import type { InPlaceResult, PlacementAsk } from './types.js';

/** Tries every in-place id; returns the results and the asks for allocations that must be replaced. */
export function planInPlace(ctx: PlanContext, checkers: Checker[]): { results: InPlaceResult[]; replacements: PlacementAsk[] } {
  const results: InPlaceResult[] = [];
  const replacements: PlacementAsk[] = [];
  const feasible = feasibilityWrapper(checkers);
  for (const id of ctx.request.inPlace ?? []) {
    const alloc = ctx.state.allocations.get(id);
    const entry = alloc ? ctx.state.nodes.get(alloc.nodeId) : undefined;
    if (!alloc || !entry) continue;
    ctx.remove(alloc);
    const reason = feasible(entry, ctx);
    const fit = reason === null ? binPackFit(entry, ctx, false) : { dimension: reason };
    if ('option' in fit) {
      const { job, group } = ctx.request;
      ctx.account(entry.id, { namespace: job.namespace, jobId: job.id, group: group.name, resources: fit.option.ask, ports: alloc.ports }, 1);
      results.push({ allocId: id, nodeId: entry.id, outcome: 'kept' });
    } else {
      results.push({ allocId: id, nodeId: entry.id, outcome: 'destructive', dimension: fit.dimension });
      replacements.push({ name: alloc.name ?? id, previousAllocId: id });
    }
  }
  return { results, replacements };
}
