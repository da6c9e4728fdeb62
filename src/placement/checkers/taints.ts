/** TaintChecker: NoSchedule/NoExecute taints exclude a node unless the group tolerates them (Kubernetes semantics). */
import type { Taint, Toleration } from '../types.js';
import type { Checker } from './checker.js';

/** Kubernetes' Toleration.ToleratesTaint. */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== undefined && toleration.effect !== taint.effect) return false;
  if (toleration.key !== undefined && toleration.key !== '' && toleration.key !== taint.key) return false;
  if ((toleration.operator ?? 'Equal') === 'Exists') return true;
  if (toleration.key === undefined || toleration.key === '') return false;
  return (toleration.value ?? '') === (taint.value ?? '');
}

/** The filter reason for a taint. */
export function taintReason(taint: Taint): string {
  return `untolerated taint ${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
}

/** Filters nodes with a hard taint no toleration matches. */
export function taintChecker(tolerations: Toleration[] = []): Checker {
  return {
    name: 'taints',
    cacheable: true,
    check(entry) {
      for (const taint of entry.node.taints ?? []) {
        if (taint.effect === 'PreferNoSchedule') continue;
        if (!tolerations.some((t) => tolerates(t, taint))) return taintReason(taint);
      }
      return null;
    },
  };
}
