/** DistinctPropertyIterator: at most N allocations (default 1) per value of an attribute, job- or group-scoped. */
import { resolveTarget } from '../targets.js';
import type { ConstraintSpec } from '../types.js';
import type { Checker } from './checker.js';

interface PropertyLimit {
  attribute: string;
  allowed: number;
  groupOnly: boolean;
}

function limits(constraints: ConstraintSpec[] = [], groupOnly: boolean): PropertyLimit[] {
  return constraints
    .filter((c) => c.operator === 'distinct_property' && c.attribute)
    .map((c) => ({ attribute: c.attribute as string, allowed: Math.max(1, Number.parseInt(c.value ?? '1', 10) || 1), groupOnly }));
}

/** A checker, or null when no distinct_property constraint applies. */
export function distinctPropertyChecker(job: ConstraintSpec[] | undefined, group: ConstraintSpec[] | undefined): Checker | null {
  const all = [...limits(job, false), ...limits(group, true)];
  if (all.length === 0) return null;
  return {
    name: 'distinct_property',
    cacheable: false,
    check(entry, ctx) {
      for (const limit of all) {
        const value = resolveTarget(limit.attribute, entry.node.fingerprint);
        if (!value.found) return `missing property "${limit.attribute}"`;
        const used = ctx.propertyCounts(limit.attribute, limit.groupOnly).get(value.value) ?? 0;
        if (used >= limit.allowed) return `distinct_property: ${limit.attribute}=${value.value} used by ${used} allocs`;
      }
      return null;
    },
  };
}
