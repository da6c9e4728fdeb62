/** ConstraintChecker: job and group constraints; those on unique targets escape the computed-class cache. */
import { constraintString, satisfies } from '../operators/constraint.js';
import { isUniqueTarget } from '../targets.js';
import type { ConstraintSpec } from '../types.js';
import type { Checker } from './checker.js';

const PLACEMENT_OPERATORS = new Set(['distinct_hosts', 'distinct_property']);

function escapes(c: ConstraintSpec): boolean {
  return isUniqueTarget(c.attribute) || isUniqueTarget(c.value);
}

function checkerFor(name: string, constraints: ConstraintSpec[], cacheable: boolean): Checker {
  return {
    name,
    cacheable,
    check(entry) {
      for (const c of constraints) if (!satisfies(c, entry.node.fingerprint)) return constraintString(c);
      return null;
    },
  };
}

/** Checkers for a constraint list: a cached one for class-level targets, an uncached one for unique targets. */
export function constraintCheckers(name: string, constraints: ConstraintSpec[] = []): Checker[] {
  const relevant = constraints.filter((c) => !PLACEMENT_OPERATORS.has(c.operator ?? '='));
  const cached = relevant.filter((c) => !escapes(c));
  const escaped = relevant.filter(escapes);
  const out: Checker[] = [];
  if (cached.length > 0) out.push(checkerFor(name, cached, true));
  if (escaped.length > 0) out.push(checkerFor(`${name} (unique)`, escaped, false));
  return out;
}
