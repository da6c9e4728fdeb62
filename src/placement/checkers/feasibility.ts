/**
 * FeasibilityWrapper: runs the checkers in order, memoising cacheable ones per computed node class. A class found
 * ineligible keeps its first reason, so later nodes of that class are counted under the constraint that failed
 * (Nomad counts them as "computed class ineligible"; the real reason is more useful to a user).
 */
import type { NodeEntry } from '../cluster-state.js';
import type { PlanContext } from '../context.js';
import type { Checker } from './checker.js';

/** A node → reason function with a per-class cache. */
export type Feasibility = (entry: NodeEntry, ctx: PlanContext) => string | null;

/** Wraps checkers: class-level ones cached per computed class, the rest evaluated per node. */
export function feasibilityWrapper(checkers: Checker[]): Feasibility {
  const cached = checkers.filter((c) => c.cacheable);
  const uncached = checkers.filter((c) => !c.cacheable);
  const byClass = new Map<string, string | null>();
  return (entry, ctx) => {
    let reason = byClass.get(entry.computedClass);
    if (reason === undefined) {
      reason = firstReason(cached, entry, ctx);
      byClass.set(entry.computedClass, reason);
    }
    return reason ?? firstReason(uncached, entry, ctx);
  };
}

function firstReason(checkers: Checker[], entry: NodeEntry, ctx: PlanContext): string | null {
  for (const checker of checkers) {
    const reason = checker.check(entry, ctx);
    if (reason !== null) return reason;
  }
  return null;
}
