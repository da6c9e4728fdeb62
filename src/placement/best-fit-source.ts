/**
 * The best-fit half of a selection (`PlacementOptions.bestFitCandidates`, ADRs 0002 and 0004): the fullest candidate
 * nodes that fit the ask, walked from the plan's view of the best-fit index and ranked through the same checks and
 * scorers as scanned nodes. Nodes that cannot hold the ask are passed over without limit (whole index blocks at a
 * time), so a cap is never spent on them; BEST_FIT_WALK bounds only the nodes given up on for other reasons.
 */
import type { FreeCursor } from './best-fit.js';
import type { Candidates } from './checkers/candidates.js';
import type { NodeEntry } from './cluster-state.js';
import type { PlanContext } from './context.js';
import type { RankedNode } from './ranked.js';
import { askFloor, askOnNode, exceededWith } from './resources.js';

/**
 * The `bestFitCandidates` kubenomad's operator and `kubenomad plan` use unless told otherwise: tight packing
 * (ADR 0004). The engine's own default, the option absent, stays 0: Nomad's random sample.
 */
export const DEFAULT_BEST_FIT_CANDIDATES = 2;

/**
 * Per selection, at most this many index nodes that fit the ask are given up on (not a candidate of this job, or
 * filtered / exhausted when ranked) before the random scan supplies the rest of the limit.
 */
export const BEST_FIT_WALK = 512;

/** Ranks one node (the stack's rankNode with its checks and scorers bound). */
export type Rank = (entry: NodeEntry) => RankedNode | null;

/** One selection's walk: `next` returns the next ranked option from the index; `offered` tells the scan what it saw. */
export interface BestFitWalk {
  next(): RankedNode | null;
  offered(entry: NodeEntry): boolean;
}

const NO_WALK: BestFitWalk = { next: () => null, offered: () => false };
const candidateSets = new WeakMap<Candidates, ReadonlySet<NodeEntry>>();

/** The candidate nodes as a set, memoised with the (memoised) candidate list. */
function candidateSet(candidates: Candidates): ReadonlySet<NodeEntry> {
  let set = candidateSets.get(candidates);
  if (!set) candidateSets.set(candidates, (set = new Set(candidates.nodes)));
  return set;
}

/**
 * Starts selections whose first options, up to `k` ranked ones, come from the index (`bestFitLimits`' `fromIndex`;
 * 0: none, Nomad's scan alone); `start(null)` (the preemption pass: the index holds only what fits without
 * eviction) walks nothing.
 */
export function bestFitSource(ctx: PlanContext, candidates: Candidates, k: number): { start(rank: Rank | null): BestFitWalk } {
  if (k <= 0) return { start: () => NO_WALK };
  const eligible = candidateSet(candidates);
  const need = askFloor(ctx.request.group.resources); // what the ask needs at least, on any node
  return {
    start(rank) {
      if (rank === null) return NO_WALK;
      const cursor = ctx.freeIndex().walk(need);
      const seen = new Set<NodeEntry>();
      const walk = { spent: 0, ranked: 0 };
      return {
        next() {
          while (walk.ranked < k && walk.spent < BEST_FIT_WALK) {
            const entry = nextFitting(cursor, ctx, eligible, walk);
            if (entry === null) return null;
            seen.add(entry);
            const option = rank(entry);
            if (option) {
              walk.ranked++;
              return option;
            }
            walk.spent++; // fitted on resources, rejected by a check or on ports/devices: counted
          }
          return null;
        },
        offered: (entry) => seen.has(entry),
      };
    },
  };
}

/** The next index node that is a candidate of this job and whose resources fit the ask once this plan applies. */
function nextFitting(cursor: FreeCursor, ctx: PlanContext, eligible: ReadonlySet<NodeEntry>, walk: { spent: number }): NodeEntry | null {
  const resources = ctx.request.group.resources;
  for (let item = cursor.next(); item !== null; item = cursor.next()) {
    const entry = item.entry;
    // Cannot fit (extended resources, clock-priced cpu: what the index does not see): passed over, never counted.
    if (exceededWith(entry.used, ctx.delta(entry.id)?.used, askOnNode(resources, entry.node), entry.node.allocatable) !== null) continue;
    if (eligible.has(entry)) return entry;
    if (++walk.spent >= BEST_FIT_WALK) return null; // fits, but this job may not use it (datacenter, pool, not ready)
  }
  return null;
}
