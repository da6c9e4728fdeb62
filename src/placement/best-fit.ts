/**
 * The free-capacity index behind `PlacementOptions.bestFitCandidates` (not Nomad; ADR 0002): nodes ordered by free
 * memory, then free cpu, then id, so a selection can start at the fullest nodes that still fit the ask.
 *
 * A sorted list of small blocks (binary search over blocks, then within one): insert and remove cost
 * O(log n + BLOCK), a walk from a lower bound costs O(log n) plus the entries it visits. A plan works on a
 * copy-on-write view of the state's index (`clone` copies only the block list, O(n / BLOCK)), updated with the plan's
 * own deltas, so the cluster state is never touched by a plan.
 */
import type { NodeEntry } from './cluster-state.js';
import type { ResourceVector } from './types.js';

/** Target block size; a block splits at twice this. */
const BLOCK = 64;

/** One indexed node with the key it was indexed under. */
export interface FreeItem {
  /** Free memory (MB) = allocatable − used (− the plan's delta in a plan view). */
  readonly memory: number;
  /** Free cpu (MHz), the tie-breaker. */
  readonly cpu: number;
  readonly entry: NodeEntry;
}

interface Block {
  /** The index that may mutate `items` in place; any other index copies the block first. */
  owner: object;
  items: FreeItem[];
}

/** The key of a node given its committed usage and an optional plan delta. */
export function freeItem(entry: NodeEntry, delta?: ResourceVector): FreeItem {
  const cap = entry.node.allocatable;
  return {
    memory: cap.memory - entry.used.memory - (delta?.memory ?? 0),
    cpu: cap.cpu - entry.used.cpu - (delta?.cpu ?? 0),
    entry,
  };
}

function compare(a: FreeItem, b: FreeItem): number {
  if (a.memory !== b.memory) return a.memory - b.memory;
  if (a.cpu !== b.cpu) return a.cpu - b.cpu;
  return a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0;
}

/** A forward cursor over the index (ascending free memory). */
export interface FreeCursor {
  next(): FreeItem | null;
}

/** Nodes ordered by (free memory, free cpu, id). */
export class FreeIndex {
  private blocks: Block[] = [];
  private token: object = {};
  private count = 0;

  /** Number of indexed nodes. */
  get size(): number {
    return this.count;
  }

  /** An index of `entries` keyed by their committed usage. */
  static build(entries: Iterable<NodeEntry>): FreeIndex {
    const index = new FreeIndex();
    const items = [...entries].map((e) => freeItem(e)).sort(compare);
    for (let i = 0; i < items.length; i += BLOCK) index.blocks.push({ owner: index.token, items: items.slice(i, i + BLOCK) });
    index.count = items.length;
    return index;
  }

  /** A copy-on-write view: O(blocks). Neither index may mutate a shared block in place afterwards. */
  clone(): FreeIndex {
    const copy = new FreeIndex();
    copy.blocks = this.blocks.slice();
    copy.count = this.count;
    this.token = {}; // this index no longer owns its blocks either
    return copy;
  }

  /** Indexes a node under the key its usage (plus `delta`) gives now. */
  insert(entry: NodeEntry, delta?: ResourceVector): void {
    const item = freeItem(entry, delta);
    if (this.blocks.length === 0) {
      this.blocks.push({ owner: this.token, items: [item] });
      this.count++;
      return;
    }
    const b = Math.min(this.blockFor(item), this.blocks.length - 1);
    const block = this.writable(b);
    block.items.splice(lowerBound(block.items, item), 0, item);
    this.count++;
    if (block.items.length > 2 * BLOCK) {
      const tail = block.items.splice(BLOCK);
      this.blocks.splice(b + 1, 0, { owner: this.token, items: tail });
    }
  }

  /** Removes a node indexed under the key its usage (plus `delta`) gives now; false if it was not there. */
  remove(entry: NodeEntry, delta?: ResourceVector): boolean {
    const item = freeItem(entry, delta);
    const b = this.blockFor(item);
    if (b >= this.blocks.length) return false;
    const items = (this.blocks[b] as Block).items;
    const at = lowerBound(items, item);
    if (items[at]?.entry !== entry) return false;
    const block = this.writable(b);
    block.items.splice(at, 1);
    this.count--;
    if (block.items.length === 0) this.blocks.splice(b, 1);
    return true;
  }

  /** Walks nodes with at least `memory` MB free, least free first. */
  from(memory: number): FreeCursor {
    const blocks = this.blocks;
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const items = (blocks[mid] as Block).items;
      if ((items[items.length - 1] as FreeItem).memory < memory) lo = mid + 1;
      else hi = mid;
    }
    let b = lo;
    let i = 0;
    if (b < blocks.length) {
      const items = (blocks[b] as Block).items;
      let l = 0;
      let h = items.length;
      while (l < h) {
        const m = (l + h) >> 1;
        if ((items[m] as FreeItem).memory < memory) l = m + 1;
        else h = m;
      }
      i = l;
    }
    return {
      next(): FreeItem | null {
        while (b < blocks.length) {
          const items = (blocks[b] as Block).items;
          if (i < items.length) return items[i++] as FreeItem;
          b++;
          i = 0;
        }
        return null;
      },
    };
  }

  /** Every item in order (tests). */
  items(): FreeItem[] {
    return this.blocks.flatMap((b) => b.items);
  }

  /** The first block whose last item is ≥ `item` (blocks.length if none). */
  private blockFor(item: FreeItem): number {
    let lo = 0;
    let hi = this.blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const items = (this.blocks[mid] as Block).items;
      if (compare(items[items.length - 1] as FreeItem, item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private writable(b: number): Block {
    const block = this.blocks[b] as Block;
    if (block.owner === this.token) return block;
    const copy = { owner: this.token, items: block.items.slice() };
    this.blocks[b] = copy;
    return copy;
  }
}

function lowerBound(items: FreeItem[], item: FreeItem): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(items[mid] as FreeItem, item) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
