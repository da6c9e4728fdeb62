/** Fluent fixture builders with complete defaults: `makeNode('n1').cpu(4000).memory(8192).build()`. */
import { ClusterState } from '../cluster-state.js';
import { PlanContext } from '../context.js';
import { createRng } from '../rng.js';
import type {
  AffinitySpec, Allocation, ConstraintOperator, GroupSpec, JobSpec, JobType, Node, NodeSelectorTerm, PlacementOptions, PlacementRequest, PortAsk,
  SpreadSpec, Taint, Toleration,
} from '../types.js';

/** Builds a Node: 4 cores × 1000 MHz, 8 GiB, 100 GiB disk, 110 pods, dc1, default pool, Ready and schedulable. */
export class NodeBuilder {
  private readonly node: Node;
  constructor(id: string) {
    this.node = {
      fingerprint: { id, name: id, datacenter: 'dc1', nodeClass: '', nodePool: 'default', attributes: { 'kernel.name': 'linux', 'cpu.arch': 'amd64', 'unique.hostname': id }, meta: {} },
      allocatable: { cpu: 4000, cores: 4, memory: 8192, disk: 102400, pods: 110, extended: {} },
      ready: true,
      schedulable: true,
    };
  }
  cpu(mhz: number): this { this.node.allocatable.cpu = mhz; return this; }
  cores(n: number): this { this.node.allocatable.cores = n; return this; }
  memory(mb: number): this { this.node.allocatable.memory = mb; return this; }
  disk(mb: number): this { this.node.allocatable.disk = mb; return this; }
  pods(n: number): this { this.node.allocatable.pods = n; return this; }
  extended(name: string, n: number): this { this.node.allocatable.extended[name] = n; return this; }
  dc(name: string): this { this.node.fingerprint.datacenter = name; return this; }
  nodeClass(name: string): this { this.node.fingerprint.nodeClass = name; return this; }
  pool(name: string): this { this.node.fingerprint.nodePool = name; return this; }
  attr(key: string, value: string): this { this.node.fingerprint.attributes[key] = value; return this; }
  meta(key: string, value: string): this { this.node.fingerprint.meta[key] = value; return this; }
  taint(key: string, effect: Taint['effect'] = 'NoSchedule', value?: string): this {
    (this.node.taints ??= []).push(value === undefined ? { key, effect } : { key, value, effect });
    return this;
  }
  usedPorts(...ports: number[]): this { this.node.usedPorts = ports; return this; }
  hostVolume(name: string): this { (this.node.hostVolumes ??= []).push(name); return this; }
  label(key: string, value: string): this { (this.node.labels ??= {})[key] = value; return this; }
  /** A Kubernetes node: CPU granted in whole millicores of its clock (`cpu.frequency` MHz per core, default 1000). */
  millicoreCpu(mhzPerCore?: number): this {
    this.node.millicoreCpu = true;
    if (mhzPerCore !== undefined) this.node.fingerprint.attributes['cpu.frequency'] = String(mhzPerCore);
    return this;
  }
  notReady(): this { this.node.ready = false; return this; }
  cordoned(): this { this.node.schedulable = false; return this; }
  build(): Node { return structuredClone(this.node); }
}

/** Starts a node builder. */
export function makeNode(id = 'node-1'): NodeBuilder {
  return new NodeBuilder(id);
}

let allocSeq = 0;

/** Builds an existing Allocation: 100 MHz, 300 MB, 300 MB disk, 1 pod, job `other`, priority 50. */
export class AllocBuilder {
  private readonly alloc: Allocation;
  constructor(id: string, nodeId: string) {
    this.alloc = { id, nodeId, jobId: 'other', group: 'web', priority: 50, resources: { cpu: 100, cores: 0, memory: 300, disk: 300, pods: 1, extended: {} }, ports: [] };
  }
  job(jobId: string, group = 'web'): this { this.alloc.jobId = jobId; this.alloc.group = group; return this; }
  priority(p: number): this { this.alloc.priority = p; return this; }
  cpu(mhz: number): this { this.alloc.resources.cpu = mhz; return this; }
  memory(mb: number): this { this.alloc.resources.memory = mb; return this; }
  disk(mb: number): this { this.alloc.resources.disk = mb; return this; }
  extended(name: string, n: number): this { this.alloc.resources.extended[name] = n; return this; }
  ports(...ports: number[]): this { this.alloc.ports = ports; return this; }
  maxParallel(n: number): this { this.alloc.migrateMaxParallel = n; return this; }
  build(): Allocation { return structuredClone(this.alloc); }
}

/** Starts an allocation builder on a node. */
export function makeAlloc(nodeId: string, id = `alloc-${++allocSeq}`): AllocBuilder {
  return new AllocBuilder(id, nodeId);
}

/** Builds a PlacementRequest: service job `example` (priority 50, dc1) with group `web` count 1, 100 MHz / 300 MB. */
export class RequestBuilder {
  private readonly job: JobSpec;
  private readonly tg: GroupSpec;
  private readonly extra: Partial<PlacementRequest> = {};
  constructor(jobId: string) {
    this.job = { id: jobId, type: 'service', priority: 50, datacenters: ['dc1'] };
    this.tg = { name: 'web', count: 1, resources: { cpu: 100, memory: 300, disk: 300 } };
  }
  type(t: JobType): this { this.job.type = t; return this; }
  priority(p: number): this { this.job.priority = p; return this; }
  datacenters(...dcs: string[]): this { this.job.datacenters = dcs; return this; }
  pool(pool: string): this { this.job.nodePool = pool; return this; }
  algorithm(a: JobSpec['algorithm'] & string): this { this.job.algorithm = a; return this; }
  group(name: string): this { this.tg.name = name; return this; }
  count(n: number): this { this.tg.count = n; return this; }
  cpu(mhz: number): this { this.tg.resources.cpu = mhz; return this; }
  cores(n: number): this { this.tg.resources.cores = n; return this; }
  memory(mb: number): this { this.tg.resources.memory = mb; return this; }
  disk(mb: number): this { this.tg.resources.disk = mb; return this; }
  device(name: string, count = 1): this { (this.tg.resources.devices ??= []).push({ name, count }); return this; }
  ports(...ports: PortAsk[]): this { this.tg.resources.ports = ports; return this; }
  drivers(...d: string[]): this { this.tg.drivers = d; return this; }
  tolerate(t: Toleration): this { (this.tg.tolerations ??= []).push(t); return this; }
  hostVolume(name: string): this { (this.tg.hostVolumes ??= []).push(name); return this; }
  nodeSelector(labels: Record<string, string>): this { this.tg.nodeSelector = { ...this.tg.nodeSelector, ...labels }; return this; }
  requiredNodeAffinity(...terms: NodeSelectorTerm[]): this { (this.tg.requiredNodeAffinity ??= []).push(...terms); return this; }
  jobConstraint(attribute: string, operator: ConstraintOperator, value?: string): this {
    (this.job.constraints ??= []).push(value === undefined ? { attribute, operator } : { attribute, operator, value });
    return this;
  }
  constraint(attribute: string, operator: ConstraintOperator, value?: string): this {
    (this.tg.constraints ??= []).push(value === undefined ? { attribute, operator } : { attribute, operator, value });
    return this;
  }
  affinity(a: AffinitySpec): this { (this.tg.affinities ??= []).push(a); return this; }
  spread(s: SpreadSpec): this { (this.tg.spreads ??= []).push(s); return this; }
  with(extra: Partial<PlacementRequest>): this { Object.assign(this.extra, extra); return this; }
  build(): PlacementRequest { return structuredClone({ job: this.job, group: this.tg, ...this.extra }); }
}

/** Starts a request builder. */
export function makeRequest(jobId = 'example'): RequestBuilder {
  return new RequestBuilder(jobId);
}

/** `n` identical nodes `node-0..n-1` from a configured builder factory. */
export function makeNodes(n: number, configure: (b: NodeBuilder) => NodeBuilder = (b) => b): Node[] {
  return Array.from({ length: n }, (_, i) => configure(makeNode(`node-${i}`)).build());
}

/** A plan context over nodes and allocations, for testing one stage in isolation. */
export function contextFor(nodes: Node[], allocs: Allocation[], request: PlacementRequest, options: Partial<PlacementOptions> = {}): PlanContext {
  return new PlanContext(ClusterState.from({ nodes, allocations: allocs }), request, { seed: 1, ...options }, createRng(options.seed ?? 1));
}
