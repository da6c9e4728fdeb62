/**
 * The operator's view of cluster capacity, kept from node and pod events (no I/O here):
 * every node, every non-terminal pod bound to a node (ours or not), and allocations the operator has
 * bound but whose pods the cache has not yet seen bound ("assumed", as kube-scheduler does), so two
 * quick reconciles never over-commit a node.
 */
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import type { Allocation, ClusterSnapshot, Node } from '../../placement/types.js';
import { cpuMhzOf, DEFAULT_CPU_MHZ, toPlacementNode } from './node-adapter.js';
import { isNonTerminal, podKey, toAllocation } from './pod-adapter.js';

interface Assumed {
  alloc: Allocation;
  expiresAtMs: number;
}

/** Indexed cluster state for placement. */
export class ClusterView {
  private readonly nodesByName = new Map<string, Node>();
  private readonly allocsByKey = new Map<string, Allocation>();
  private readonly assumed = new Map<string, Assumed>();
  /** Pods waiting for a node that the cache has not seen yet (rare: pod event before node event). */
  private readonly podsWithoutNode = new Map<string, V1Pod>();

  constructor(private readonly defaultMhz = DEFAULT_CPU_MHZ) {}

  /** Records a node add/update. */
  upsertNode(node: V1Node): void {
    const converted = toPlacementNode(node, this.defaultMhz);
    this.nodesByName.set(converted.fingerprint.name, converted);
    for (const [key, pod] of this.podsWithoutNode) {
      if (pod.spec?.nodeName === converted.fingerprint.name) {
        this.podsWithoutNode.delete(key);
        this.upsertPod(pod);
      }
    }
  }

  /** Records a node deletion. */
  deleteNode(name: string): void {
    this.nodesByName.delete(name);
  }

  /** Records a pod add/update (terminal or unbound pods hold nothing). */
  upsertPod(pod: V1Pod): void {
    const key = podKey(pod);
    const nodeName = pod.spec?.nodeName;
    if (!nodeName || !isNonTerminal(pod)) {
      this.allocsByKey.delete(key);
      if (!isNonTerminal(pod)) this.assumed.delete(key);
      return;
    }
    const node = this.nodesByName.get(nodeName);
    if (!node) {
      this.podsWithoutNode.set(key, pod);
      return;
    }
    this.allocsByKey.set(key, toAllocation(pod, node.fingerprint.id, cpuMhzOf(node.fingerprint.attributes, this.defaultMhz)));
    this.assumed.delete(key);
  }

  /** Records a pod deletion. */
  deletePod(pod: V1Pod): void {
    const key = podKey(pod);
    this.allocsByKey.delete(key);
    this.assumed.delete(key);
    this.podsWithoutNode.delete(key);
  }

  /** Counts an allocation the operator just placed until its pod shows up bound (or the TTL passes). */
  assume(alloc: Allocation, nowMs: number, ttlMs = 60_000): void {
    if (!this.allocsByKey.has(alloc.id)) this.assumed.set(alloc.id, { alloc, expiresAtMs: nowMs + ttlMs });
  }

  /** Drops an assumption (the bind failed). */
  forget(allocId: string): void {
    this.assumed.delete(allocId);
  }

  /** A node by Kubernetes name. */
  node(name: string): Node | undefined {
    return this.nodesByName.get(name);
  }

  /** A node by engine id (uid). */
  nodeById(id: string): Node | undefined {
    for (const n of this.nodesByName.values()) if (n.fingerprint.id === id) return n;
    return undefined;
  }

  /** All nodes. */
  nodes(): Node[] {
    return [...this.nodesByName.values()];
  }

  /** The snapshot the placement engine reads: nodes, bound allocations and unexpired assumptions. */
  snapshot(nowMs: number): ClusterSnapshot {
    const allocations = [...this.allocsByKey.values()];
    for (const [key, a] of this.assumed) {
      if (a.expiresAtMs < nowMs) this.assumed.delete(key);
      else allocations.push(a.alloc);
    }
    return { nodes: this.nodes(), allocations };
  }
}
