/**
 * The node source (Nomad's StaticIterator over shuffled nodes). Its offset survives across selections in one plan,
 * so each placement resumes scanning where the previous one stopped and wraps around.
 */
import type { NodeEntry } from './cluster-state.js';

/** A resumable, wrapping scan over a node list. */
export class NodeSource {
  private offset = 0;
  private seen = 0;

  constructor(private nodes: NodeEntry[]) {}

  /** Number of nodes in the source. */
  get size(): number {
    return this.nodes.length;
  }

  /** Starts a new selection: every node may be seen once more, from the current offset. */
  reset(): void {
    this.seen = 0;
  }

  /** Replaces the node list (the system stack sets one node at a time). */
  setNodes(nodes: NodeEntry[]): void {
    this.nodes = nodes;
    this.offset = 0;
    this.seen = 0;
  }

  /** The next node, or null once every node was seen in this selection. */
  next(): NodeEntry | null {
    const n = this.nodes.length;
    if (this.seen >= n) return null;
    if (this.offset >= n) this.offset = 0;
    const node = this.nodes[this.offset] ?? null;
    this.offset++;
    this.seen++;
    return node;
  }
}
