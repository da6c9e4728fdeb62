/** DistinctHostsIterator: `distinct_hosts` at job level (one alloc of the job per node) or group level (per job+group). */
import type { ConstraintSpec } from '../types.js';
import type { Checker } from './checker.js';

function wants(constraints: ConstraintSpec[] = []): boolean {
  return constraints.some((c) => c.operator === 'distinct_hosts' && (c.value ?? 'true').toLowerCase() !== 'false');
}

/** A checker, or null when neither the job nor the group asks for distinct hosts. */
export function distinctHostsChecker(job: ConstraintSpec[] | undefined, group: ConstraintSpec[] | undefined): Checker | null {
  const jobLevel = wants(job);
  if (!jobLevel && !wants(group)) return null;
  return {
    name: 'distinct_hosts',
    cacheable: false,
    check(entry, ctx) {
      const n = ctx.count(entry, jobLevel ? ctx.jobKey : ctx.groupKey);
      return n > 0 ? 'distinct_hosts' : null;
    },
  };
}
