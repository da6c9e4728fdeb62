/**
 * The best-fit index behind `PlacementOptions.bestFitCandidates` (not Nomad; ADRs 0002 and 0004): nodes ordered
 * fullest first by Nomad's own binpack measure of their free cpu and memory, each block of the order carrying the
 * most free cpu, cores, memory, disk and pods of any node in it. A walk for an ask skips every block in which no
 * node can hold the ask and yields the fullest nodes that can, whichever dimension binds (cpu, memory, pods…).
 *
 * A sorted list of small blocks (binary search over blocks, then within one): insert and remove cost
 * O(log n + BLOCK), a walk costs O(1) per block skipped plus the entries it visits. A plan works on a copy-on-write
 * view of the state's index (`clone` copies only the block list, O(n / BLOCK)), updated with the plan's own deltas,
 * so the cluster state is never touched by a plan.
 */
import type { NodeEntry } from './cluster-state.js';
import type { ResourceVector } from './types.js';
import { CPU_EPSILON_MHZ } from './units.js';

/** Target block size; a block splits at twice this. */
const BLOCK = 64;

/** An amount per scalar resource dimension (free on a node, or asked by one allocation). */
export type Scalars = Omit<ResourceVector, 'extended'>;

/** One indexed node: its free amounts and order key, as computed when it was indexed. */
export interface FreeItem extends Scalars {
  /**
   * 10^freeCpu + 10^freeMem over free fractions of allocatable: Nomad's binpack "total" (score = 20 − total) before
   * the placement, so a smaller key is a fuller node; a dimension of zero capacity counts as full, as in the scorer.
   */
  readonly key: number;
  readonly entry: NodeEntry;
}

interface Block {
  /** The index that may mutate this block in place; any other index copies the block first. */
  owner: object;
  items: FreeItem[];
  /** Per dimension, the most any item of the block has free (the walk skips the block when it cannot hold an ask). */
  most: Scalars;
}

const fraction = (free: number, capacity: number): number => (capacity > 0 ? free / capacity : 0);

/** The item of a node given its committed usage and an optional plan delta. */
export function freeItem(entry: NodeEntry, delta?: ResourceVector): FreeItem {
  const cap = entry.node.allocatable;
  const used = entry.used;
  const cpu = cap.cpu - used.cpu - (delta?.cpu ?? 0);
  const memory = cap.memory - used.memory - (delta?.memory ?? 0);
  return {
    key: 10 ** fraction(cpu, cap.cpu) + 10 ** fraction(memory, cap.memory),
    cpu, memory,
    cores: cap.cores - used.cores - (delta?.cores ?? 0),
    disk: cap.disk - used.disk - (delta?.disk ?? 0),
    pods: cap.pods - used.pods - (delta?.pods ?? 0),
    entry,
  };
}

function compare(a: FreeItem, b: FreeItem): number {
  if (a.key !== b.key) return a.key - b.key;
  return a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0;
}

/**
 * Slack when testing free amounts against an ask: the index subtracts (capacity − used − delta) where the fit check
 * adds (used + delta + ask > capacity, + CPU_EPSILON_MHZ for cpu); the slack absorbs the rounding between the two,
 * so the index never passes over a node that fits. It is far below one millicore or one MB.
 */
const SLACK = 2 * CPU_EPSILON_MHZ;

/** Whether `free` can hold `need` in every scalar dimension (up to SLACK). */
export function holds(free: Scalars, need: Scalars): boolean {
  return need.cpu <= free.cpu + SLACK && need.memory <= free.memory + SLACK && need.pods <= free.pods + SLACK
    && need.cores <= free.cores + SLACK && need.disk <= free.disk + SLACK;
}

function mostOf(items: readonly FreeItem[]): Scalars {
  const most = { cpu: -Infinity, cores: -Infinity, memory: -Infinity, disk: -Infinity, pods: -Infinity };
  for (const item of items) widen(most, item);
  return most;
}

function widen(most: Scalars, item: Scalars): void {
  if (item.cpu > most.cpu) most.cpu = item.cpu;
  if (item.cores > most.cores) most.cores = item.cores;
  if (item.memory > most.memory) most.memory = item.memory;
  if (item.disk > most.disk) most.disk = item.disk;
  if (item.pods > most.pods) most.pods = item.pods;
}

/** Whether removing `item` may lower a block maximum. */
function heldMost(most: Scalars, item: Scalars): boolean {
  return item.cpu >= most.cpu || item.cores >= most.cores || item.memory >= most.memory || item.disk >= most.disk || item.pods >= most.pods;
}

/** A forward cursor over the index, fullest node first. */
export interface FreeCursor {
  next(): FreeItem | null;
}

/** Nodes ordered fullest first (binpack key, then id), with per-block maxima of free resources. */
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
    for (let i = 0; i < items.length; i += BLOCK) index.blocks.push(index.newBlock(items.slice(i, i + BLOCK)));
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

  /** Indexes a node under the item its usage (plus `delta`) gives now. */
  insert(entry: NodeEntry, delta?: ResourceVector): void {
    const item = freeItem(entry, delta);
    this.count++;
    if (this.blocks.length === 0) {
      this.blocks.push(this.newBlock([item]));
      return;
    }
    const b = Math.min(this.blockFor(item), this.blocks.length - 1);
    const block = this.writable(b);
    block.items.splice(lowerBound(block.items, item), 0, item);
    widen(block.most, item);
    if (block.items.length > 2 * BLOCK) {
      const tail = block.items.splice(BLOCK);
      block.most = mostOf(block.items);
      this.blocks.splice(b + 1, 0, this.newBlock(tail));
    }
  }

  /** Removes a node indexed under the item its usage (plus `delta`) gives now; false if it was not there. */
  remove(entry: NodeEntry, delta?: ResourceVector): boolean {
    const item = freeItem(entry, delta);
    const b = this.blockFor(item);
    if (b >= this.blocks.length) return false;
    const items = (this.blocks[b] as Block).items;
    const at = lowerBound(items, item);
    const found = items[at];
    if (found?.entry !== entry) return false;
    const block = this.writable(b);
    block.items.splice(at, 1);
    this.count--;
    if (block.items.length === 0) this.blocks.splice(b, 1);
    else if (heldMost(block.most, found)) block.most = mostOf(block.items);
    return true;
  }

  /**
   * Walks the nodes whose free resources can hold `need`, fullest first. Blocks whose maxima cannot hold it are
   * skipped whole; a node it yields may still fail on what the index does not see (extended resources, ports, the
   * exact cpu its clock gives the ask).
   */
  walk(need: Scalars): FreeCursor {
    const blocks = this.blocks;
    let b = 0;
    let i = 0;
    return {
      next(): FreeItem | null {
        for (; b < blocks.length; b++, i = 0) {
          const block = blocks[b] as Block;
          if (i === 0 && !holds(block.most, need)) continue;
          while (i < block.items.length) {
            const item = block.items[i++] as FreeItem;
            if (holds(item, need)) return item;
          }
        }
        return null;
      },
    };
  }

  /** Every item in order (tests). */
  items(): FreeItem[] {
    return this.blocks.flatMap((b) => b.items);
  }

  /** The per-block maxima (tests). */
  maxima(): Scalars[] {
    return this.blocks.map((b) => ({ ...b.most }));
  }

  private newBlock(items: FreeItem[]): Block {
    return { owner: this.token, items, most: mostOf(items) };
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
    const copy = { owner: this.token, items: block.items.slice(), most: { ...block.most } };
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
