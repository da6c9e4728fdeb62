/** checkConstraint: one operator applied to two resolved targets, exactly as Nomad's feasible.go. */
import type { Resolved } from '../targets.js';
import { resolveTarget } from '../targets.js';
import type { ConstraintSpec, NodeFingerprint } from '../types.js';
import { checkOrder, regexpMatches, setContainsAll, setContainsAny } from './compare.js';
import { versionMatches } from './version.js';

type Operator = (l: Resolved, r: Resolved) => boolean;

/** Operators that need both sides resolved, as functions of the two values. */
const BINARY: Record<string, (left: string, right: string) => boolean> = {
  '=': (a, b) => a === b,
  '==': (a, b) => a === b,
  is: (a, b) => a === b,
  '<': (a, b) => checkOrder('<', a, b),
  '<=': (a, b) => checkOrder('<=', a, b),
  '>': (a, b) => checkOrder('>', a, b),
  '>=': (a, b) => checkOrder('>=', a, b),
  regexp: regexpMatches,
  set_contains: setContainsAll,
  set_contains_all: setContainsAll,
  set_contains_any: setContainsAny,
  version: (a, b) => versionMatches(a, b),
  semver: (a, b) => versionMatches(a, b, true),
};

const notEqual: Operator = (l, r) => !(l.found === r.found && l.value === r.value);

/** Operators that look at presence: inequality holds when exactly one side is missing. */
const UNARY: Record<string, Operator> = {
  '!=': notEqual,
  not: notEqual,
  is_set: (l) => l.found,
  is_not_set: (l) => !l.found,
  // Placement operators are enforced by their own iterators, never here.
  distinct_hosts: () => true,
  distinct_property: () => true,
};

/** Applies `operator` to resolved left/right values. Unknown operators are false, as Nomad at runtime. */
export function checkOperator(operator: string, l: Resolved, r: Resolved): boolean {
  const unary = Object.hasOwn(UNARY, operator) ? UNARY[operator] : undefined;
  if (unary) return unary(l, r);
  const binary = Object.hasOwn(BINARY, operator) ? BINARY[operator] : undefined;
  return binary !== undefined && l.found && r.found && binary(l.value, r.value);
}

/** Whether a node satisfies a constraint (default operator `=`). */
export function satisfies(constraint: ConstraintSpec, node: NodeFingerprint): boolean {
  const l = resolveTarget(constraint.attribute, node);
  const r = resolveTarget(constraint.value, node);
  return checkOperator(constraint.operator ?? '=', l, r);
}

/** The constraint as Nomad prints it in filter reasons: `<attribute> <operator> <value>`. */
export function constraintString(c: ConstraintSpec): string {
  return `${c.attribute ?? ''} ${c.operator ?? '='} ${c.value ?? ''}`;
}
