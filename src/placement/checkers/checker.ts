/** The feasibility checker interface: `node → filter reason | null`, as Nomad's FeasibilityChecker. */
import type { NodeEntry } from '../cluster-state.js';
import type { PlanContext } from '../context.js';

/** A feasibility check; `cacheable` checks depend only on the node's computed class. */
export interface Checker {
  name: string;
  cacheable: boolean;
  /** Null when the node is feasible, else the reason it is filtered (counted in the metric). */
  check(entry: NodeEntry, ctx: PlanContext): string | null;
}
