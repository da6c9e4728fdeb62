/**
 * The placement engine's vocabulary: the cluster snapshot it reads, the request it answers and the plan it returns.
 * Everything here is plain data (no classes, no I/O) so a controller can build it from informers and a test from
 * builders. Units follow Nomad: cpu in MHz, memory and disk in MB.
 */
import type { NodeFingerprint } from '../crds/node-labels.js';
import type { ConstraintOperator, JobType } from '../crds/nomadjob-types.js';

export type { NodeFingerprint, ConstraintOperator, JobType };

/** A quantity per resource dimension. `extended` holds Kubernetes extended resources (`nvidia.com/gpu`). */
export interface ResourceVector {
  /** CPU bandwidth in MHz (Nomad's CpuShares). */
  cpu: number;
  /** Whole reserved cores (Nomad's `cores`); node capacity = number of cores. */
  cores: number;
  /** Memory in MB (the reservation; never memory_max). */
  memory: number;
  /** Ephemeral disk in MB. */
  disk: number;
  /** Pod slots (Kubernetes `pods` allocatable); every allocation uses one. */
  pods: number;
  /** Named counters: extended resources and devices, e.g. `{ 'nvidia.com/gpu': 2 }`. */
  extended: Record<string, number>;
}

/** A Kubernetes taint on a node. */
export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** A Kubernetes toleration (standard semantics: empty key + Exists tolerates everything). */
export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/**
 * A node selector requirement (Kubernetes `NodeSelectorRequirement`). `In`/`NotIn` need values; `Exists`/`DoesNotExist`
 * take none; `Gt`/`Lt` take exactly one integer. In `matchFields` only key `metadata.name` with `In`/`NotIn` and one
 * value is supported. A requirement that breaks these rules makes its whole term match no node.
 */
export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

/** A node selector term: every requirement must hold (AND); a term with no requirements matches no node. */
export interface NodeSelectorTerm {
  /** Requirements on the node's labels. */
  matchExpressions?: NodeSelectorRequirement[];
  /** Requirements on the node's fields (only `metadata.name`). */
  matchFields?: NodeSelectorRequirement[];
}

/** A node as the scheduler sees it. `fingerprint.id` is the node's identity everywhere in the engine. */
export interface Node {
  fingerprint: NodeFingerprint;
  /** Allocatable capacity (already net of system reservations). */
  allocatable: ResourceVector;
  /** Node condition Ready=True. */
  ready: boolean;
  /** Not ready: when the Ready condition last changed (epoch ms), if known. */
  notReadySinceMs?: number;
  /** Draining (`kubenomad node drain`): the deadline (epoch ms) if any, and whether system allocations stay. */
  drain?: { deadlineMs?: number; ignoreSystem: boolean; startedAtMs?: number };
  /** Not cordoned (spec.unschedulable false) and not draining. */
  schedulable: boolean;
  taints?: Taint[];
  /** Host ports used on this node by things the engine does not track as allocations (other pods, daemons). */
  usedPorts?: number[];
  /** Host volumes the node offers (Nomad `host_volume "name"`). */
  hostVolumes?: string[];
  /** The Kubernetes node's labels (metadata.labels), read by nodeSelector and required node affinity. */
  labels?: Record<string, string>;
  /**
   * A Kubernetes node: CPU is granted in whole millicores, so each task's MHz is rounded up to whole millicores of
   * this node's clock before it is counted (see units.ts). Absent for Nomad-style nodes (exact MHz).
   */
  millicoreCpu?: boolean;
}

/** An allocation already in the cluster (any non-terminal pod of a Nomad job). */
export interface Allocation {
  id: string;
  /** Allocation name, `<job>.<group>[<index>]`. */
  name?: string;
  nodeId: string;
  namespace?: string;
  jobId: string;
  group: string;
  /** Job priority 1..100 (default 50). */
  priority: number;
  /** Resources the allocation holds; `pods` defaults to 1 when built with helpers. */
  resources: ResourceVector;
  /** memory_max in MB (informational; never used to fit). */
  memoryMax?: number;
  /** Host ports held on the node. */
  ports: number[];
  /** The victim group's migrate.max_parallel (preemption penalty); default 1. */
  migrateMaxParallel?: number;
}

/** The cluster as the engine reads it. Pass a `ClusterState` instead to keep indexes across plans. */
export interface ClusterSnapshot {
  nodes: Node[];
  allocations: Allocation[];
}

/** A constraint (`attribute operator value`); `attribute` and `value` may be `${...}` targets or literals. */
export interface ConstraintSpec {
  attribute?: string;
  operator?: ConstraintOperator;
  value?: string;
}

/** An affinity: a constraint with a weight in [-100, 100] (default 50). */
export interface AffinitySpec extends ConstraintSpec {
  weight?: number;
}

/** A spread block: attribute, weight 1..100 (default 50), optional percent targets. */
export interface SpreadSpec {
  attribute: string;
  weight?: number;
  targets?: Array<{ value: string; percent?: number }>;
}

/** A port to reserve: `static` is a fixed host port, otherwise a dynamic one is picked. */
export interface PortAsk {
  label: string;
  static?: number;
  to?: number;
}

/** A device request, Nomad style (`nvidia/gpu`, `gpu`, or a Kubernetes resource name `nvidia.com/gpu`). */
export interface DeviceAsk {
  name: string;
  count?: number;
}

/** What one allocation of the group needs (already summed over tasks by the caller). */
export interface GroupResources {
  /** MHz; default 100 when neither cpu nor cores is set. */
  cpu?: number;
  /** MHz per task when the group has several (each is its own container, rounded on its own); sums to `cpu`. */
  taskCpu?: number[];
  /** A Kubernetes pod's own CPU request in millicores (pods kubenomad did not create); replaces `cpu`. */
  cpuMillicores?: number;
  /** Whole cores; consumes cores × node MHz-per-core of cpu. */
  cores?: number;
  /** MB; default 300. */
  memory?: number;
  memoryMax?: number;
  /** Ephemeral disk MB; default 300. */
  disk?: number;
  devices?: DeviceAsk[];
  /** Raw Kubernetes extended resources. */
  extended?: Record<string, number>;
  ports?: PortAsk[];
}

/** The job as placement needs it. */
export interface JobSpec {
  id: string;
  namespace?: string;
  type: JobType;
  /** 1..100, default 50. */
  priority?: number;
  /** Glob patterns (`dc*`); default `["*"]`. */
  datacenters?: string[];
  /** Node pool; `all` means every pool; default `default`. */
  nodePool?: string;
  constraints?: ConstraintSpec[];
  affinities?: AffinitySpec[];
  spreads?: SpreadSpec[];
  /** Overrides the cluster scheduler algorithm. */
  algorithm?: AlgorithmName;
}

/** The task group as placement needs it (task-level constraints/affinities merged in by the caller). */
export interface GroupSpec {
  name: string;
  /** Desired count of the group (used by anti-affinity and spread arithmetic). */
  count: number;
  constraints?: ConstraintSpec[];
  affinities?: AffinitySpec[];
  spreads?: SpreadSpec[];
  /** Task drivers used by the group (`docker`, `exec`, ...). */
  drivers?: string[];
  resources: GroupResources;
  tolerations?: Toleration[];
  /** Host volume names the group mounts. */
  hostVolumes?: string[];
  /** Kubernetes `nodeSelector`: every label must be on the node with this value (empty = no selector). */
  nodeSelector?: Record<string, string>;
  /**
   * Kubernetes required node affinity (`requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`): a node
   * must match at least one term (OR). Absent = no affinity; an empty list matches no node.
   */
  requiredNodeAffinity?: NodeSelectorTerm[];
}

/** One allocation to place; `penaltyNodeIds` are nodes where its previous incarnation failed. */
export interface PlacementAsk {
  name: string;
  penaltyNodeIds?: string[];
  /** The allocation this one replaces (it is counted as stopping). */
  previousAllocId?: string;
}

/** What to place. */
export interface PlacementRequest {
  job: JobSpec;
  group: GroupSpec;
  /** Explicit asks; when absent, `count` asks named `<job>.<group>[i]` are made (count defaults to group.count). */
  asks?: PlacementAsk[];
  count?: number;
  /** Existing allocation ids stopped by this plan: their resources and ports are free for the placements. */
  stopping?: string[];
  /** Existing allocation ids to update in place (re-fit on their node with the group's new resources). */
  inPlace?: string[];
}

/** Scheduler algorithms registered in the strategy map. */
export type AlgorithmName = 'binpack' | 'spread';

/** Per job type preemption switches. */
export interface PreemptionSwitches {
  system: boolean;
  sysbatch: boolean;
  batch: boolean;
  service: boolean;
}

/** Cluster-level scheduler configuration. */
export interface PlacementOptions {
  /** Shuffle / port-pick seed (e.g. derived from the evaluation id). Same seed → same plan. */
  seed: number | string;
  /** Default `binpack`. */
  algorithm?: AlgorithmName;
  /** Default: system on, others off (Nomad). */
  preemption?: Partial<PreemptionSwitches>;
  /** Limit for groups with affinity/spread (default 100). */
  nodeLimitForFeasibilityChecks?: number;
  /**
   * Overrides how many fitting nodes one selection scores (Nomad: 2 for batch, log2(n) for service). Not a Nomad
   * setting: `Infinity` makes binpack an exhaustive best fit at O(nodes) per placement.
   */
  scanLimit?: number;
  /**
   * Not Nomad (ADRs 0002, 0004), binpack service/batch only; absent or 0 = Nomad's random sample (the engine's
   * default; kubenomad's operator and `kubenomad plan` default to DEFAULT_BEST_FIT_CANDIDATES = 2). A selection scores
   * the `bestFitCandidates` fullest candidate nodes that fit the ask — fullest by Nomad's binpack measure, walked
   * from an index kept by ClusterState and the plan that skips nodes unable to hold the ask in any dimension — instead
   * of the random sample, which only makes up for what the index cannot supply. Groups with affinities or spreads and
   * an explicit `scanLimit` keep their sample after the candidates (limit max(limit, bestFitCandidates)). Every
   * candidate goes through the same feasibility checks and scorers.
   */
  bestFitCandidates?: number;
  /** Dynamic port range (default 20000..32000). */
  dynamicPorts?: { min: number; max: number };
}

/** A port as assigned on the chosen node. */
export interface AssignedPort {
  label: string;
  value: number;
  to?: number;
}

/** One labelled score as appended by a scorer. */
export interface ScoreEntry {
  scorer: string;
  score: number;
}

/** A node's scores for one placement (Nomad's NodeScoreMeta). */
export interface NodeScore {
  nodeId: string;
  nodeName: string;
  scores: Record<string, number>;
  normScore: number;
}

/** Nomad's AllocMetric: why nodes were or were not chosen. */
export interface AllocMetric {
  nodesEvaluated: number;
  nodesFiltered: number;
  /** Candidate nodes in the job's datacenters/pool (before feasibility). */
  nodesInPool: number;
  /** Ready nodes per requested datacenter pattern match (each requested literal DC listed, even at 0). */
  nodesAvailable: Record<string, number>;
  classFiltered: Record<string, number>;
  constraintFiltered: Record<string, number>;
  nodesExhausted: number;
  classExhausted: Record<string, number>;
  dimensionExhausted: Record<string, number>;
  /** Top scores (up to 5) for the placement, best first. */
  scoreMetaData: NodeScore[];
  /** Failures merged into this one (Nomad's CoalescedFailures). */
  coalescedFailures: number;
}

/** A decided placement. */
export interface Placement {
  name: string;
  nodeId: string;
  nodeName: string;
  ports: AssignedPort[];
  /** The chosen node's per-scorer breakdown and final score. */
  score: NodeScore;
  /** Allocation ids this placement evicts. */
  preempted: string[];
  /** The replaced allocation, if any. */
  previousAllocId?: string;
  metric: AllocMetric;
}

/** Why allocations could not be placed. */
export type FailureReason = 'no-nodes-eligible' | 'all-nodes-filtered' | 'resources-exhausted' | 'no-node-selected';

/** A group's failed placements, coalesced as Nomad does (the metric is the first failure's). */
export interface PlacementFailure {
  group: string;
  names: string[];
  reason: FailureReason;
  metric: AllocMetric;
}

/** An evicted allocation. */
export interface Preemption {
  allocId: string;
  jobId: string;
  group: string;
  nodeId: string;
  priority: number;
  /** Name of the placement that caused it. */
  preemptedBy: string;
}

/** Result of an in-place update attempt. */
export interface InPlaceResult {
  allocId: string;
  nodeId: string;
  /** `kept`: fits on its node; `destructive`: no longer fits there and was re-placed as a new placement. */
  outcome: 'kept' | 'destructive';
  dimension?: string;
}

/** The engine's answer. */
export interface PlacementPlan {
  jobId: string;
  group: string;
  placements: Placement[];
  failures: PlacementFailure[];
  preemptions: Preemption[];
  inPlace: InPlaceResult[];
}
