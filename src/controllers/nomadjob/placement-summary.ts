/** The text of a "Placed" event: per group, how many allocations went to which nodes. */
import type { PlacedAlloc } from './schedule.js';

/** One line per group: how many allocations went to which nodes (first ten nodes named). */
export function placementSummary(placed: PlacedAlloc[]): string {
  const byGroup = new Map<string, Map<string, number>>();
  for (const p of placed) {
    const nodes = byGroup.get(p.alloc.group) ?? new Map<string, number>();
    nodes.set(p.placement.nodeName, (nodes.get(p.placement.nodeName) ?? 0) + 1);
    byGroup.set(p.alloc.group, nodes);
  }
  return [...byGroup].map(([g, nodes]) => {
    const total = [...nodes.values()].reduce((a, b) => a + b, 0);
    const list = [...nodes].slice(0, 10).map(([n, c]) => `${n} (${c})`).join(', ');
    return `Placed ${total} allocation${total === 1 ? '' : 's'} of group "${g}" on ${list}${nodes.size > 10 ? ', …' : ''}`;
  }).join('\n');
}
