/** Nomad's computed node class: a hash of everything about a node except unique fields, used to memoise feasibility. */
import type { Node } from './types.js';

function fnv(text: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function nonUnique(map: Record<string, string>): string {
  return Object.keys(map)
    .filter((k) => !k.startsWith('unique.'))
    .sort()
    .map((k) => `${k}=${map[k]}`)
    .join('\u0001');
}

/** `v1:<hash>` over datacenter, class, pool, non-unique attributes and meta, taints and extended resource names. */
export function computedClass(node: Node): string {
  const fp = node.fingerprint;
  const taints = (node.taints ?? []).map((t) => `${t.key}=${t.value ?? ''}:${t.effect}`).sort().join(',');
  const extended = Object.keys(node.allocatable.extended).filter((k) => (node.allocatable.extended[k] ?? 0) > 0).sort().join(',');
  const text = [fp.datacenter, fp.nodeClass, fp.nodePool, nonUnique(fp.attributes), nonUnique(fp.meta), taints, extended].join('\u0002');
  return `v1:${fnv(text, 0x811c9dc5)}${fnv(text, 0x9747b28c)}`;
}
