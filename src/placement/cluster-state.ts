/**
 * ClusterState: the snapshot plus indexes a controller can keep incrementally (no I/O). Per-node usage, ports and
 * job/group counts are pre-summed so a placement costs O(nodes scanned), never O(allocations).
 */
import { FreeIndex } from './best-fit.js';
import { addInto, zero } from './resources.js';
import { computedClass } from './computed-class.js';
import type { Allocation, ClusterSnapshot, Node, ResourceVector } from './types.js';

/** A node with its pre-summed usage. */
export interface NodeEntry {
  node: Node;
  id: string;
  computedClass: string;
  used: ResourceVector;
  /** Host port → number of holders (allocations and `node.usedPorts`). */
  ports: Map<number, number>;
  allocs: Map<string, Allocation>;
  /** `jobKey` and `jobKey + group` → allocation count. */
  jobCounts: Map<string, number>;
}

/** The key of a job across namespaces. */
export function jobKey(namespace: string | undefined, jobId: string): string {
  return `${namespace ?? 'default'}/${jobId}`;
}

/** The key of a job's task group. */
export function groupKey(namespace: string | undefined, jobId: string, group: string): string {
  return `${jobKey(namespace, jobId)}\u0000${group}`;
}

function bump<K>(map: Map<K, number>, key: K, by: number): void {
  const next = (map.get(key) ?? 0) + by;
  if (next === 0) map.delete(key);
  else map.set(key, next);
}

/** Indexed cluster state; mutate it with upsert/remove as informer events arrive. */
export class ClusterState {
  readonly nodes = new Map<string, NodeEntry>();
  readonly allocations = new Map<string, Allocation>();
  readonly byJob = new Map<string, Set<Allocation>>();
  private nodeChanges = 0;
  /** Nodes by free memory/cpu; built on first use (`bestFitCandidates`), then maintained by every mutation. */
  private free: FreeIndex | null = null;

  /** Bumped whenever a node is added, replaced or removed (lets callers cache per node set). */
  get nodesVersion(): number {
    return this.nodeChanges;
  }

  /** The free-capacity index (ADR 0002), built on first call in O(n log n) and kept current incrementally after. */
  freeIndex(): FreeIndex {
    return (this.free ??= FreeIndex.build(this.nodes.values()));
  }

  /** Builds a state from a plain snapshot. */
  static from(snapshot: ClusterSnapshot): ClusterState {
    const state = new ClusterState();
    for (const node of snapshot.nodes) state.upsertNode(node);
    for (const alloc of snapshot.allocations) state.upsertAllocation(alloc);
    return state;
  }

  /** Adds or replaces a node, keeping its allocations. */
  upsertNode(node: Node): void {
    const id = node.fingerprint.id;
    const previous = this.nodes.get(id);
    const entry: NodeEntry = previous ?? {
      node, id, computedClass: '', used: zero(), ports: new Map(), allocs: new Map(), jobCounts: new Map(),
    };
    if (previous) for (const p of previous.node.usedPorts ?? []) bump(entry.ports, p, -1);
    if (previous) this.free?.remove(previous);
    entry.node = node;
    entry.computedClass = computedClass(node);
    for (const p of node.usedPorts ?? []) bump(entry.ports, p, 1);
    this.nodes.set(id, entry);
    this.free?.insert(entry);
    this.nodeChanges++;
  }

  /** Removes a node (its allocations stay indexed by job until removed). */
  removeNode(id: string): void {
    const entry = this.nodes.get(id);
    if (!entry) return;
    this.free?.remove(entry);
    this.nodes.delete(id);
    this.nodeChanges++;
  }

  /** Adds or replaces an allocation. */
  upsertAllocation(alloc: Allocation): void {
    this.removeAllocation(alloc.id);
    this.allocations.set(alloc.id, alloc);
    const key = jobKey(alloc.namespace, alloc.jobId);
    let set = this.byJob.get(key);
    if (!set) this.byJob.set(key, (set = new Set()));
    set.add(alloc);
    this.account(alloc, 1);
  }

  /** Removes an allocation (terminal or deleted). */
  removeAllocation(id: string): void {
    const alloc = this.allocations.get(id);
    if (!alloc) return;
    this.allocations.delete(id);
    this.byJob.get(jobKey(alloc.namespace, alloc.jobId))?.delete(alloc);
    this.account(alloc, -1);
  }

  /** Allocations of a job (any group). */
  jobAllocations(namespace: string | undefined, jobId: string): Iterable<Allocation> {
    return this.byJob.get(jobKey(namespace, jobId)) ?? [];
  }

  private account(alloc: Allocation, sign: 1 | -1): void {
    const entry = this.nodes.get(alloc.nodeId);
    if (!entry) return;
    this.free?.remove(entry);
    addInto(entry.used, alloc.resources, sign);
    this.free?.insert(entry);
    for (const p of alloc.ports) bump(entry.ports, p, sign);
    if (sign > 0) entry.allocs.set(alloc.id, alloc);
    else entry.allocs.delete(alloc.id);
    bump(entry.jobCounts, jobKey(alloc.namespace, alloc.jobId), sign);
    bump(entry.jobCounts, groupKey(alloc.namespace, alloc.jobId, alloc.group), sign);
  }
}

/** Accepts either a snapshot or an already-indexed state. */
export function asState(cluster: ClusterSnapshot | ClusterState): ClusterState {
  return cluster instanceof ClusterState ? cluster : ClusterState.from(cluster);
}
