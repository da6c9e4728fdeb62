/**
 * The operator's view of cluster capacity, kept from node and pod events (no I/O here): every node,
 * every non-terminal pod bound to a node (ours or not), and allocations the operator has placed but
 * whose pods the cache has not yet seen bound ("assumed", as kube-scheduler does), so two quick
 * reconciles never over-commit a node. It keeps the placement engine's indexed ClusterState in step,
 * so a placement costs O(nodes scanned), never O(allocations).
 */
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { ClusterState } from '../../placement/index.js';
import type { Allocation, Node } from '../../placement/types.js';
import { toPlacementNode } from './node-adapter.js';
import { isNonTerminal, podKey, toAllocation } from './pod-adapter.js';
import { TARGET_NODE_ANNOTATION } from '../nomadjob/labels.js';

/** Indexed cluster state for placement. */
/** How long a confirmed (created or bound) but not yet observed allocation holds its node. */
export const CONFIRMED_TTL_MS = 10 * 60_000;

export class ClusterView {
  readonly state = new ClusterState();
  private readonly nodesByName = new Map<string, Node>();
  private readonly observed = new Set<string>();
  private readonly assumedUntil = new Map<string, number>();
  /** Pods bound to a node the cache has not seen yet (pod event before node event). */
  private readonly podsWithoutNode = new Map<string, V1Pod>();

  /** Records a node add/update; returns whether anything placement reads changed (heartbeats change nothing). */
  upsertNode(node: V1Node): boolean {
    const converted = toPlacementNode(node);
    const name = converted.fingerprint.name;
    const previous = this.nodesByName.get(name);
    const changed = !previous || JSON.stringify(previous) !== JSON.stringify(converted);
    if (previous && previous.fingerprint.id !== converted.fingerprint.id) this.state.removeNode(previous.fingerprint.id);
    this.nodesByName.set(name, converted);
    this.state.upsertNode(converted);
    for (const [key, pod] of this.podsWithoutNode) {
      if (pod.spec?.nodeName === name) {
        this.podsWithoutNode.delete(key);
        this.upsertPod(pod);
      }
    }
    return changed;
  }

  /** Records a node deletion. */
  deleteNode(name: string): void {
    const node = this.nodesByName.get(name);
    if (!node) return;
    this.nodesByName.delete(name);
    this.state.removeNode(node.fingerprint.id);
    for (const entry of [...this.state.allocations.values()]) {
      if (entry.nodeId === node.fingerprint.id) this.state.removeAllocation(entry.id);
    }
  }

  /** Records a pod add/update (terminal or unbound pods hold nothing). */
  upsertPod(pod: V1Pod): void {
    const key = podKey(pod);
    // A pod the operator created for a chosen node but has not bound yet (e.g. it was killed in between)
    // already holds that node's capacity: it will be bound there.
    const nodeName = pod.spec?.nodeName ?? (pod.metadata?.deletionTimestamp ? undefined : pod.metadata?.annotations?.[TARGET_NODE_ANNOTATION]);
    if (!isNonTerminal(pod)) return this.dropPod(key);
    if (!nodeName) return; // unbound third-party pod: held by an assumption once placed
    const node = this.nodesByName.get(nodeName);
    if (!node) {
      this.podsWithoutNode.set(key, pod);
      return;
    }
    this.state.upsertAllocation(toAllocation(pod, node));
    this.observed.add(key);
    this.assumedUntil.delete(key);
  }

  /** Records a pod deletion. */
  deletePod(pod: V1Pod): void {
    this.dropPod(podKey(pod));
  }

  private dropPod(key: string): void {
    this.state.removeAllocation(key);
    this.observed.delete(key);
    this.assumedUntil.delete(key);
    this.podsWithoutNode.delete(key);
  }

  /** Counts an allocation the operator just placed until its pod shows up bound (or the TTL passes; see `confirm`). */
  assume(alloc: Allocation, nowMs: number, ttlMs = 60_000): void {
    if (this.observed.has(alloc.id)) return;
    this.state.upsertAllocation(alloc);
    this.assumedUntil.set(alloc.id, nowMs + ttlMs);
  }

  /**
   * The create (or bind) of an assumed allocation succeeded: its pod exists on that node, so it keeps holding the
   * capacity until the informer shows the pod — however far the watch lags behind (a busy apiserver can deliver
   * events minutes late; letting the assumption expire first is how a node gets over-committed). Only a pod deleted
   * before it was ever observed could leave the hold behind; `CONFIRMED_TTL_MS` bounds that.
   */
  confirm(allocId: string, nowMs: number): void {
    if (this.assumedUntil.has(allocId)) this.assumedUntil.set(allocId, nowMs + CONFIRMED_TTL_MS);
  }

  /** Drops an assumption (the create or bind failed). */
  forget(allocId: string): void {
    if (!this.assumedUntil.has(allocId)) return;
    this.assumedUntil.delete(allocId);
    this.state.removeAllocation(allocId);
  }

  /** Expires assumptions whose pods never appeared; call before placing. */
  expire(nowMs: number): void {
    for (const [id, until] of this.assumedUntil) if (until < nowMs) this.forget(id);
  }

  /** A node by Kubernetes name. */
  node(name: string): Node | undefined {
    return this.nodesByName.get(name);
  }

  /** All nodes. */
  nodes(): Node[] {
    return [...this.nodesByName.values()];
  }

  /** The indexed state the placement engine reads (after expiring stale assumptions). */
  snapshot(nowMs: number): ClusterState {
    this.expire(nowMs);
    return this.state;
  }
}
