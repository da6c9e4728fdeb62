/** checkConstraint: one operator applied to two resolved targets, exactly as Nomad's feasible.go. */
import type { Resolved } from '../targets.js';
import { resolveTarget } from '../targets.js';
import type { ConstraintSpec, NodeFingerprint } from '../types.js';
import { checkOrder, regexpMatches, setContainsAll, setContainsAny } from './compare.js';
import { versionMatches } from './version.js';

/** Applies `operator` to resolved left/right values. Unknown operators are false, as Nomad at runtime. */
export function checkOperator(operator: string, l: Resolved, r: Resolved): boolean {
  const both = l.found && r.found;
  switch (operator) {
    case '=': case '==': case 'is': return both && l.value === r.value;
    case '!=': case 'not': return !(l.found === r.found && l.value === r.value);
    case '<': case '<=': case '>': case '>=': return both && checkOrder(operator, l.value, r.value);
    case 'regexp': return both && regexpMatches(l.value, r.value);
    case 'set_contains': case 'set_contains_all': return both && setContainsAll(l.value, r.value);
    case 'set_contains_any': return both && setContainsAny(l.value, r.value);
    case 'version': return both && versionMatches(l.value, r.value);
    case 'semver': return both && versionMatches(l.value, r.value, true);
    case 'is_set': return l.found;
    case 'is_not_set': return !l.found;
    case 'distinct_hosts': case 'distinct_property': return true;
    default: return false;
  }
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
