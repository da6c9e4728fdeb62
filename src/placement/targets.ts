/** Resolves constraint targets (`${attr.*}`, `${meta.*}`, `${node.*}`) against a node (Nomad's resolveTarget). */
import type { NodeFingerprint } from './types.js';

/** A resolved target: `found` false when the node lacks the attribute. */
export interface Resolved {
  value: string;
  found: boolean;
}

const MISSING: Resolved = { value: '', found: false };

/** Resolves one target; anything without `${` is a literal. */
export function resolveTarget(target: string | undefined, node: NodeFingerprint): Resolved {
  if (target === undefined || target === '') return { value: '', found: target !== undefined };
  if (!target.startsWith('${')) return { value: target, found: true };
  const inner = target.slice(2, target.endsWith('}') ? -1 : undefined);
  switch (inner) {
    case 'node.unique.id': return { value: node.id, found: true };
    case 'node.unique.name': return { value: node.name, found: true };
    case 'node.datacenter': return { value: node.datacenter, found: true };
    case 'node.class': return { value: node.nodeClass, found: true };
    case 'node.pool': return { value: node.nodePool, found: true };
  }
  if (inner.startsWith('attr.')) return lookup(node.attributes, inner.slice(5));
  if (inner.startsWith('meta.')) return lookup(node.meta, inner.slice(5));
  return MISSING;
}

function lookup(map: Record<string, string>, key: string): Resolved {
  const value = map[key];
  return value === undefined ? MISSING : { value, found: true };
}

/** Whether a target refers to a unique (per-node) value, which escapes the computed-class cache. */
export function isUniqueTarget(target: string | undefined): boolean {
  if (target === undefined) return false;
  return ['${unique.', '${node.unique.', '${attr.unique.', '${meta.unique.'].some((p) => target.startsWith(p));
}
