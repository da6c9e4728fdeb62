/**
 * One allocation slot (a group index, or a node for system jobs): which of its pods to keep or stop, and
 * whether a pod must be created. Shared by the service/batch and system/sysbatch planners.
 */
import type { AllocSlot } from './alloc-name.js';
import { isTerminal, finishedAt, type ObservedAlloc } from './observed.js';
import { byAge, create, knownGeneration, stop, statusOf, type PlanContext } from './plan-context.js';
import { keepOrder, unknownUntil, type ResolvedDisconnect } from './disconnect.js';
import { drainFirst, drainOf, keepMigrating, type ResolvedMigrate } from './drain.js';
import { decideReschedule, type ResolvedReschedule } from './reschedule.js';

/** How terminal allocations of the slot are treated. */
export interface SlotRules {
  version: string;
  /** Complete allocations are done (batch, sysbatch); otherwise an exit is a failure. */
  runsToCompletion: boolean;
  /** The reschedule policy, or null when failed allocations stay failed (system, sysbatch). */
  reschedule: ResolvedReschedule | null;
  /** Replace allocations on lost nodes elsewhere (service, batch). */
  replaceLost: boolean;
  /** The group's disconnect window (disconnect.ts), if any: lost allocations are unknown during it. */
  disconnect?: ResolvedDisconnect | null;
  /** The group's migrate strategy (service and batch), for allocations on draining nodes. */
  migrate?: ResolvedMigrate;
}

/** Plans one slot given its live (not terminating) allocations. */
export function planSlot(ctx: PlanContext, slot: AllocSlot, allocs: ObservedAlloc[], rules: SlotRules): void {
  // The common case at scale, without allocating: one allocation of the current version, still active.
  const only = allocs.length === 1 ? allocs[0]! : undefined;
  if (only && only.version === rules.version && !isTerminal(statusOf(ctx, only))) return;
  const old = allocs.filter((a) => a.version !== rules.version);
  for (const alloc of old) stop(ctx, alloc, 'spec-change');
  const current = allocs.filter((a) => a.version === rules.version);
  const order = keepOrder(rules.disconnect ?? null) ?? byAge;
  const active = current.filter((a) => !isTerminal(statusOf(ctx, a))).sort((a, b) => drainFirst(ctx)(a, b) || order(a, b));
  const [kept, ...duplicates] = active;
  if (kept !== undefined) {
    for (const duplicate of duplicates) retireDuplicate(ctx, kept, duplicate, rules);
    retireHistory(ctx, current.filter((a) => isTerminal(statusOf(ctx, a))), rules);
    return;
  }
  const [latest, ...older] = [...current].sort((a, b) => b.generation - a.generation || byAge(a, b));
  retireHistory(ctx, older, rules);
  if (latest === undefined) {
    const reason = old.length > 0 ? 'spec-change' : knownGeneration(ctx, slot) === undefined ? 'new' : 'replace-missing';
    create(ctx, slot, { version: rules.version, reason });
    return;
  }
  planTerminal(ctx, slot, latest, rules);
}

/** A second active allocation of the slot: a migrating original waits for its replacement; others stop. */
function retireDuplicate(ctx: PlanContext, kept: ObservedAlloc, duplicate: ObservedAlloc, rules: SlotRules): void {
  if (rules.migrate && keepMigrating(ctx, kept, duplicate, rules.migrate)) return;
  stop(ctx, duplicate, drainOf(ctx, duplicate) ? 'migrated' : 'duplicate');
}

/** Finished (failed or complete) predecessors kept per slot as history, as Nomad keeps them until its GC. */
export const SLOT_HISTORY = 3;

/**
 * Terminal allocations superseded by a newer one of their slot: lost ones are stopped (their node is gone or not
 * ready); finished ones hold nothing and stay as history (`Failed 2` after a reschedule), newest first, at most
 * SLOT_HISTORY of them.
 */
function retireHistory(ctx: PlanContext, superseded: ObservedAlloc[], rules: SlotRules): void {
  const finished: ObservedAlloc[] = [];
  for (const alloc of superseded) {
    const status = statusOf(ctx, alloc);
    if (status === 'failed' || status === 'complete') finished.push(alloc);
    else if (!waitsUnknown(ctx, alloc, rules)) stopLost(ctx, alloc);
  }
  finished.sort((a, b) => b.generation - a.generation || byAge(a, b));
  for (const old of finished.slice(SLOT_HISTORY)) stop(ctx, old, 'replaced');
}

/** A lost allocation within its group's disconnect window is unknown: kept, and looked at again when the window ends. */
function waitsUnknown(ctx: PlanContext, alloc: ObservedAlloc, rules: SlotRules): boolean {
  const until = unknownUntil(rules.disconnect ?? null, alloc, ctx.input.downSince);
  if (until === undefined || until <= ctx.nowMs) return false;
  ctx.plan.waiting.push({ podName: alloc.pod.name, group: alloc.group, index: alloc.index, waitMs: until - ctx.nowMs });
  return true;
}

function stopLost(ctx: PlanContext, alloc: ObservedAlloc): void {
  const node = alloc.pod.nodeName;
  const gone = node !== undefined && node !== '' && ctx.input.nodes[node] === undefined;
  stop(ctx, alloc, gone ? 'node-gone' : 'replaced');
}

/** The slot's newest allocation is terminal: keep it as done, replace it, or wait for its reschedule delay. */
function planTerminal(ctx: PlanContext, slot: AllocSlot, latest: ObservedAlloc, rules: SlotRules): void {
  const status = statusOf(ctx, latest);
  if (status === 'complete' && rules.runsToCompletion) return;
  if (status === 'lost') {
    // replace = false: an unknown allocation is not replaced until its window ends.
    if (rules.disconnect?.replace === false && waitsUnknown(ctx, latest, rules)) return;
    if (rules.replaceLost) create(ctx, slot, { version: rules.version, reason: 'replace-lost', replaces: latest });
    return;
  }
  if (rules.reschedule === null) {
    if (status === 'failed') ctx.plan.exhausted.push(latest.pod.name);
    return;
  }
  const decision = decideReschedule(rules.reschedule, latest.events, finishedAt(latest.pod), ctx.nowMs);
  if (decision.kind === 'exhausted') ctx.plan.exhausted.push(latest.pod.name);
  if (decision.kind === 'wait') {
    ctx.plan.waiting.push({ podName: latest.pod.name, group: slot.group, index: slot.index, waitMs: decision.waitMs, reschedule: true });
  }
  if (decision.kind === 'now') {
    const event = { ...decision.event, prevAllocId: latest.allocId, prevNode: latest.pod.nodeName };
    const events = [...decision.events.slice(0, -1), event];
    create(ctx, slot, { version: rules.version, reason: 'reschedule', replaces: latest, events });
  }
}
