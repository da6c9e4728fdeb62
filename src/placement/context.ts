/**
 * The plan context (Nomad's EvalContext): the state plus what this plan has already decided — placements made,
 * allocations stopped or preempted — so each placement sees the previous ones and nothing over-commits.
 */
import type { FreeIndex } from './best-fit.js';
import type { ClusterState, NodeEntry } from './cluster-state.js';
import { groupKey, jobKey } from './cluster-state.js';
import { newMetric } from './metrics.js';
import { addInto, zero } from './resources.js';
import type { Rng } from './rng.js';
import { resolveTarget } from './targets.js';
import type { Allocation, AllocMetric, PlacementOptions, PlacementRequest, ResourceVector } from './types.js';

/** What this plan changed on one node. */
export interface NodeDelta {
  used: ResourceVector;
  /** Host port → holders added (+) or released (−); created on first use (most plans take no host port). */
  ports?: Map<number, number>;
  jobCounts: Map<string, number>;
}

/** The minimum an allocation-like thing needs to be accounted on a node. */
export interface Accountable {
  namespace?: string;
  jobId: string;
  group: string;
  resources: ResourceVector;
  ports: number[];
}

/** Per-plan mutable context shared by all stages. */
export class PlanContext {
  readonly deltas = new Map<string, NodeDelta>();
  /** Allocation ids stopped (by request) or preempted in this plan. */
  readonly removed = new Set<string>();
  /** Placements of this job made in this plan. */
  readonly placed: Array<{ nodeId: string; group: string }> = [];
  readonly jobKey: string;
  readonly groupKey: string;
  metric: AllocMetric = newMetric();
  private readonly preempted = new Map<string, number>();
  /** This job's and this group's allocations per node id before the plan (from the job index, not per-node maps). */
  private readonly jobOnNode = new Map<string, number>();
  private readonly groupOnNode = new Map<string, number>();
  private readonly properties = new Map<string, Map<string, number>>();
  /** The plan's view of the free-capacity index (state + this plan's deltas), once asked for. */
  private free: FreeIndex | null = null;

  constructor(
    readonly state: ClusterState,
    readonly request: PlacementRequest,
    readonly options: PlacementOptions,
    readonly rng: Rng,
  ) {
    this.jobKey = jobKey(request.job.namespace, request.job.id);
    this.groupKey = groupKey(request.job.namespace, request.job.id, request.group.name);
    for (const alloc of state.jobAllocations(request.job.namespace, request.job.id)) {
      if (!state.nodes.get(alloc.nodeId)?.allocs.has(alloc.id)) continue; // accounted on a node, as entry.jobCounts
      this.jobOnNode.set(alloc.nodeId, (this.jobOnNode.get(alloc.nodeId) ?? 0) + 1);
      if (alloc.group === request.group.name) this.groupOnNode.set(alloc.nodeId, (this.groupOnNode.get(alloc.nodeId) ?? 0) + 1);
    }
  }

  /** Job priority with Nomad's default. */
  get priority(): number {
    return this.request.job.priority ?? 50;
  }

  /** This plan's changes on a node, if any. */
  delta(nodeId: string): NodeDelta | undefined {
    return this.deltas.get(nodeId);
  }

  private ensureDelta(nodeId: string): NodeDelta {
    let d = this.deltas.get(nodeId);
    if (!d) this.deltas.set(nodeId, (d = { used: zero(), jobCounts: new Map() }));
    return d;
  }

  /** Whether a host port is held on the node once this plan applies. */
  portInUse(entry: NodeEntry, port: number): boolean {
    return (entry.ports.get(port) ?? 0) + (this.deltas.get(entry.id)?.ports?.get(port) ?? 0) > 0;
  }

  /** Allocations of `key` (a jobKey or groupKey) on the node once this plan applies. */
  count(entry: NodeEntry, key: string): number {
    // This job and group are looked up in the plan's small maps; the node's own map covers every other key.
    const before = key === this.groupKey ? this.groupOnNode.get(entry.id) : key === this.jobKey ? this.jobOnNode.get(entry.id) : entry.jobCounts.get(key);
    return (before ?? 0) + (this.deltas.get(entry.id)?.jobCounts.get(key) ?? 0);
  }

  /** Live allocations on the node that this plan does not remove. */
  *liveAllocations(entry: NodeEntry): Generator<Allocation> {
    for (const alloc of entry.allocs.values()) if (!this.removed.has(alloc.id)) yield alloc;
  }

  /**
   * Nodes by free memory/cpu as this plan leaves them (ADR 0002): a copy-on-write view of the state's index with
   * every delta so far applied, then kept current by `account`. The state itself is never modified.
   */
  freeIndex(): FreeIndex {
    if (this.free) return this.free;
    const view = this.state.freeIndex().clone();
    for (const [nodeId, d] of this.deltas) {
      const entry = this.state.nodes.get(nodeId);
      if (entry && view.remove(entry)) view.insert(entry, d.used);
    }
    return (this.free = view);
  }

  /** Accounts `item` on a node: +1 for a placement, −1 for a stop or preemption. */
  account(nodeId: string, item: Accountable, sign: 1 | -1): void {
    const d = this.ensureDelta(nodeId);
    const entry = this.free ? this.state.nodes.get(nodeId) : undefined;
    const reindex = entry !== undefined && (this.free as FreeIndex).remove(entry, d.used);
    addInto(d.used, item.resources, sign);
    if (reindex) (this.free as FreeIndex).insert(entry, d.used);
    if (item.ports.length > 0) {
      const ports = (d.ports ??= new Map());
      for (const p of item.ports) ports.set(p, (ports.get(p) ?? 0) + sign);
    }
    const [jk, gk] = this.keysOf(item);
    d.jobCounts.set(jk, (d.jobCounts.get(jk) ?? 0) + sign);
    d.jobCounts.set(gk, (d.jobCounts.get(gk) ?? 0) + sign);
    if (jk !== this.jobKey) return;
    if (sign > 0) this.placed.push({ nodeId, group: item.group });
    this.countProperties(nodeId, item.group, sign);
  }

  /** The item's job and group keys; this plan's own are reused rather than concatenated per placement. */
  private keysOf(item: Accountable): [string, string] {
    const ours = item.jobId === this.request.job.id && (item.namespace ?? 'default') === (this.request.job.namespace ?? 'default');
    if (!ours) return [jobKey(item.namespace, item.jobId), groupKey(item.namespace, item.jobId, item.group)];
    return [this.jobKey, item.group === this.request.group.name ? this.groupKey : groupKey(item.namespace, item.jobId, item.group)];
  }

  /** Removes an existing allocation from the plan's view (stop or preemption). */
  remove(alloc: Allocation): void {
    if (this.removed.has(alloc.id)) return;
    this.removed.add(alloc.id);
    if (this.state.nodes.has(alloc.nodeId)) this.account(alloc.nodeId, alloc, -1);
  }

  /** Marks an allocation preempted by this plan. */
  preempt(alloc: Allocation): void {
    if (this.removed.has(alloc.id)) return;
    this.remove(alloc);
    const key = groupKey(alloc.namespace, alloc.jobId, alloc.group);
    this.preempted.set(key, (this.preempted.get(key) ?? 0) + 1);
  }

  /** How many allocations of `alloc`'s job and group this plan has preempted. */
  preemptedCount(alloc: Allocation): number {
    return this.preempted.get(groupKey(alloc.namespace, alloc.jobId, alloc.group)) ?? 0;
  }

  /**
   * Allocations of this job per value of `attribute` (group-scoped when `groupOnly`), counting existing
   * allocations not removed plus this plan's placements. Built once, then maintained by `account`.
   */
  propertyCounts(attribute: string, groupOnly: boolean): Map<string, number> {
    const key = `${groupOnly ? 'g' : 'j'}\u0000${attribute}`;
    let counts = this.properties.get(key);
    if (counts) return counts;
    counts = new Map();
    for (const alloc of this.state.jobAllocations(this.request.job.namespace, this.request.job.id)) {
      if (this.removed.has(alloc.id) || (groupOnly && alloc.group !== this.request.group.name)) continue;
      this.bumpProperty(counts, attribute, alloc.nodeId, 1);
    }
    for (const placed of this.placed) {
      if (!groupOnly || placed.group === this.request.group.name) this.bumpProperty(counts, attribute, placed.nodeId, 1);
    }
    this.properties.set(key, counts);
    return counts;
  }

  private countProperties(nodeId: string, group: string, sign: 1 | -1): void {
    for (const [key, counts] of this.properties) {
      if (key.startsWith('g') && group !== this.request.group.name) continue;
      this.bumpProperty(counts, key.slice(2), nodeId, sign);
    }
  }

  private bumpProperty(counts: Map<string, number>, attribute: string, nodeId: string, by: number): void {
    const entry = this.state.nodes.get(nodeId);
    if (!entry) return;
    const value = resolveTarget(attribute, entry.node.fingerprint);
    if (!value.found) return;
    counts.set(value.value, (counts.get(value.value) ?? 0) + by);
  }
}
