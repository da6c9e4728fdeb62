/** The feasibility checker interface: `node → filter reason | null`, as Nomad's FeasibilityChecker. */
import type { NodeEntry } from '../cluster-state.js';
import type { PlanContext } from '../context.js';

/** A feasibility check; `cacheable` checks depend only on the node's computed class. */
export interface Checker {
  name: string;
  cacheable: boolean;
  /** False when the request asks nothing of this check (the stack leaves it out). */
  applies?: boolean;
  /** Null when the node is feasible, else the reason it is filtered (counted in the metric). */
  check(entry: NodeEntry, ctx: PlanContext): string | null;
}
