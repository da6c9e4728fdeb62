/**
 * TypeScript types of the NomadJob custom resource (kubenomad.io/v1alpha1).
 *
 * The spec is Nomad's jobspec with Kubernetes naming: HCL's snake_case attributes become camelCase
 * fields (`memory_max` → `memoryMax`), labelled blocks become lists keyed by `name`
 * (`group "cache" {}` → `groups: [{ name: cache }]`), durations stay Nomad duration strings ("30s").
 * This file is the contract shared by the CRD schema, the HCL translator, the placement engine
 * adapters and the controllers.
 */

/** Nomad job types. */
export type JobType = 'service' | 'batch' | 'system' | 'sysbatch';

/** Constraint operators Nomad accepts (`=` is also written `==` or `is`). */
export type ConstraintOperator =
  | '=' | '==' | 'is' | '!=' | 'not' | '>' | '>=' | '<' | '<='
  | 'regexp' | 'set_contains' | 'set_contains_any' | 'set_contains_all'
  | 'version' | 'semver' | 'is_set' | 'is_not_set' | 'distinct_hosts' | 'distinct_property';

/** A `constraint` block: `${attribute} operator value`. */
export interface Constraint {
  attribute?: string;
  operator?: ConstraintOperator;
  value?: string;
}

/** An `affinity` block: like a constraint, with a weight in [-100, 100]. */
export interface Affinity {
  attribute?: string;
  operator?: ConstraintOperator;
  value?: string;
  weight?: number;
}

/** A `spread` target: a value of the spread attribute and the percentage of allocations it should get. */
export interface SpreadTarget {
  value: string;
  percent?: number;
}

/** A `spread` block. */
export interface Spread {
  attribute: string;
  weight?: number;
  targets?: SpreadTarget[];
}

/** A `device` request inside `resources` (e.g. `nvidia/gpu`). */
export interface DeviceRequest {
  name: string;
  count?: number;
  constraints?: Constraint[];
  affinities?: Affinity[];
}

/** A `port` label in a `network` block; no `static` means a dynamic port. */
export interface Port {
  label: string;
  static?: number;
  to?: number;
  hostNetwork?: string;
}

/** A `network` block (group level, or legacy task level). */
export interface Network {
  mode?: string;
  mbits?: number;
  ports?: Port[];
  dns?: { servers?: string[]; searches?: string[]; options?: string[] };
}

/** A task's `resources` block. cpu is in MHz, memory and disk in MB. */
export interface Resources {
  cpu?: number;
  cores?: number;
  memory?: number;
  memoryMax?: number;
  disk?: number;
  /** Legacy task-level networks (Nomad < 0.12). */
  networks?: Network[];
  devices?: DeviceRequest[];
}

/** The `restart` block (client-side restarts of a task). */
export interface RestartPolicy {
  attempts?: number;
  interval?: string;
  delay?: string;
  mode?: 'fail' | 'delay';
  renderTemplates?: boolean;
}

/** The `reschedule` block (server-side replacement of failed allocations). */
export interface ReschedulePolicy {
  attempts?: number;
  interval?: string;
  delay?: string;
  delayFunction?: 'constant' | 'exponential' | 'fibonacci';
  maxDelay?: string;
  unlimited?: boolean;
}

/** The `update` block (rolling updates and canaries). */
export interface UpdateStrategy {
  maxParallel?: number;
  healthCheck?: 'checks' | 'task_states' | 'manual';
  minHealthyTime?: string;
  healthyDeadline?: string;
  progressDeadline?: string;
  autoRevert?: boolean;
  autoPromote?: boolean;
  canary?: number;
  stagger?: string;
}

/** The `migrate` block (drain behaviour). */
export interface MigrateStrategy {
  maxParallel?: number;
  healthCheck?: 'checks' | 'task_states';
  minHealthyTime?: string;
  healthyDeadline?: string;
}

/** The group `disconnect` block: what happens to allocations of a node that stopped heartbeating. */
export interface DisconnectStrategy {
  lostAfter?: string;
  replace?: boolean;
  reconcile?: 'best_score' | 'keep_original' | 'keep_replacement' | 'longest_running';
  stopOnClientAfter?: string;
}

/** The `periodic` block: the job is a template launched on a cron schedule. */
export interface PeriodicConfig {
  cron?: string;
  crons?: string[];
  timeZone?: string;
  prohibitOverlap?: boolean;
  enabled?: boolean;
}

/** The `parameterized` block: the job is a template launched by dispatch. */
export interface ParameterizedConfig {
  payload?: 'optional' | 'required' | 'forbidden';
  metaRequired?: string[];
  metaOptional?: string[];
}

/** A service `check` block. */
export interface ServiceCheck {
  name?: string;
  type: string;
  port?: string;
  path?: string;
  protocol?: string;
  method?: string;
  command?: string;
  args?: string[];
  interval?: string;
  timeout?: string;
  initialStatus?: string;
  header?: Record<string, string[]>;
  grpcService?: string;
  checkRestart?: CheckRestart;
}

/** A `check_restart` block: restart the task after this many failed checks (Kubernetes liveness). */
export interface CheckRestart {
  limit?: number;
  grace?: string;
  ignoreWarnings?: boolean;
}

/** A `service` block (registration is recorded; Kubernetes Services are not created by it). */
export interface Service {
  name?: string;
  port?: string;
  tags?: string[];
  canaryTags?: string[];
  provider?: 'consul' | 'nomad';
  addressMode?: string;
  checks?: ServiceCheck[];
  meta?: Record<string, string>;
  checkRestart?: CheckRestart;
}

/** A `template` block (rendered into the task's filesystem). */
export interface Template {
  data?: string;
  source?: string;
  destination: string;
  changeMode?: string;
  changeSignal?: string;
  env?: boolean;
  perms?: string;
  leftDelimiter?: string;
  rightDelimiter?: string;
}

/** An `artifact` block (downloaded into the task directory before start). */
export interface Artifact {
  source: string;
  destination?: string;
  mode?: string;
  options?: Record<string, string>;
  headers?: Record<string, string>;
}

/** A task `lifecycle` block. */
export interface Lifecycle {
  hook: 'prestart' | 'poststart' | 'poststop';
  sidecar?: boolean;
}

/** A group `volume` block. */
export interface Volume {
  name: string;
  type: 'host' | 'csi';
  source: string;
  readOnly?: boolean;
  accessMode?: string;
  attachmentMode?: string;
  perAlloc?: boolean;
}

/** A task `volume_mount` block. */
export interface VolumeMount {
  volume: string;
  destination: string;
  readOnly?: boolean;
}

/** A task `dispatch_payload` block: where a dispatch's payload is written. */
export interface DispatchPayload {
  file: string;
}

/** A `vault` block: recorded, not honoured on Kubernetes (translation warns). */
export interface VaultConfig {
  policies?: string[];
  role?: string;
  changeMode?: string;
  changeSignal?: string;
  env?: boolean;
}

/** Kubernetes pod settings Nomad has no word for, merged into the allocation's pod. */
export interface KubernetesExtension {
  serviceAccountName?: string;
  tolerations?: Array<Record<string, unknown>>;
  imagePullSecrets?: Array<{ name: string }>;
  securityContext?: Record<string, unknown>;
  podSecurityContext?: Record<string, unknown>;
  volumes?: Array<Record<string, unknown>>;
  volumeMounts?: Array<Record<string, unknown>>;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  nodeSelector?: Record<string, string>;
  priorityClassName?: string;
}

/** A `task` block: one container of the allocation's pod. */
export interface Task {
  name: string;
  driver: string;
  /** Driver configuration, as in the jobspec (`image`, `args`, `command`, `ports`, ...). */
  config?: Record<string, unknown>;
  user?: string;
  env?: Record<string, string>;
  meta?: Record<string, string>;
  resources?: Resources;
  constraints?: Constraint[];
  affinities?: Affinity[];
  services?: Service[];
  templates?: Template[];
  artifacts?: Artifact[];
  lifecycle?: Lifecycle;
  volumeMounts?: VolumeMount[];
  dispatchPayload?: DispatchPayload;
  vault?: VaultConfig;
  restart?: RestartPolicy;
  killTimeout?: string;
  killSignal?: string;
  shutdownDelay?: string;
  leader?: boolean;
  kubernetes?: KubernetesExtension;
}

/** A `group` block: `count` allocations of the same set of tasks. */
export interface TaskGroup {
  name: string;
  count?: number;
  tasks: Task[];
  constraints?: Constraint[];
  affinities?: Affinity[];
  spreads?: Spread[];
  networks?: Network[];
  services?: Service[];
  volumes?: Volume[];
  restart?: RestartPolicy;
  reschedule?: ReschedulePolicy;
  update?: UpdateStrategy;
  migrate?: MigrateStrategy;
  ephemeralDisk?: { size?: number; sticky?: boolean; migrate?: boolean };
  meta?: Record<string, string>;
  shutdownDelay?: string;
  stopAfterClientDisconnect?: string;
  maxClientDisconnect?: string;
  disconnect?: DisconnectStrategy;
  kubernetes?: KubernetesExtension;
}

/** The NomadJob spec: one Nomad job. */
export interface NomadJobSpec {
  /** Raw HCL jobspec; replaced by the structured spec on admission. */
  hcl?: string;
  /** Values for HCL `variable` blocks, used with `hcl`. */
  hclVariables?: Record<string, string>;
  /** Nomad job ID; defaults to metadata.name. */
  id?: string;
  /** Display name; defaults to the job ID. */
  name?: string;
  type?: JobType;
  priority?: number;
  region?: string;
  namespace?: string;
  datacenters?: string[];
  nodePool?: string;
  allAtOnce?: boolean;
  /** Placement algorithm override for this job (cluster default otherwise). */
  schedulerAlgorithm?: 'binpack' | 'spread';
  meta?: Record<string, string>;
  constraints?: Constraint[];
  affinities?: Affinity[];
  spreads?: Spread[];
  groups?: TaskGroup[];
  update?: UpdateStrategy;
  migrate?: MigrateStrategy;
  reschedule?: ReschedulePolicy;
  periodic?: PeriodicConfig;
  parameterized?: ParameterizedConfig;
  /** Set on children launched by a Dispatch: the dispatch payload (base64). */
  payload?: string;
  /** Stop the job (Nomad's `nomad job stop` without purge). */
  stop?: boolean;
}

/** Nomad's per-group job summary. */
export interface GroupSummary {
  queued: number;
  starting: number;
  running: number;
  failed: number;
  complete: number;
  lost: number;
}

/** Why allocations of a group could not be placed (Nomad's AllocMetric, summarised). */
export interface PlacementFailure {
  group: string;
  failedAllocations: number;
  nodesEvaluated: number;
  nodesFiltered: number;
  nodesAvailable: Record<string, number>;
  /** Constraint or class → number of nodes it filtered out. */
  constraintFiltered?: Record<string, number>;
  classFiltered?: Record<string, number>;
  nodesExhausted: number;
  /** Dimension ("memory", "cpu", "disk", "ports", ...) → number of nodes on which it was exhausted. */
  dimensionExhausted?: Record<string, number>;
  classExhausted?: Record<string, number>;
  /** Human-readable lines in the layout of `nomad job plan`. */
  message: string;
}

/** Nomad's deployment statuses (`blocked` is Nomad's awaiting-promotion state shown as its own value). */
export type DeploymentStatusValue = 'running' | 'paused' | 'blocked' | 'successful' | 'failed' | 'cancelled';

/** One group of a deployment, as `nomad deployment status` shows it. */
export interface DeploymentGroupState {
  desiredTotal: number;
  desiredCanaries: number;
  /** Allocations of the deployment's version placed (canaries included). */
  placed: number;
  healthy: number;
  unhealthy: number;
  /** Canary allocations placed. */
  canaries: number;
  promoted: boolean;
  autoRevert: boolean;
  autoPromote: boolean;
  /** The group fails unless it makes progress (an allocation turns healthy) before this time (RFC 3339). */
  requireProgressBy?: string;
}

/** The job's latest deployment (Nomad's Deployment). */
export interface DeploymentState {
  /** UUID-shaped deployment ID, derived from the job's uid and version. */
  id: string;
  jobVersion: number;
  status: DeploymentStatusValue;
  statusDescription: string;
  /** When the deployment started (RFC 3339). */
  createdAt: string;
  groups: Record<string, DeploymentGroupState>;
}

/** One recorded job version (`nomad job history`). */
export interface JobVersionRecord {
  version: number;
  /** Hash of the version's spec. */
  specHash: string;
  /** When the version was first seen (RFC 3339). */
  submittedAt: string;
  /** A deployment of this version succeeded (auto_revert returns to the latest stable version). */
  stable: boolean;
  /** The spec: gzip of its canonical JSON, base64; absent when it did not fit the history's byte budget. */
  spec?: string;
}

/** A standard Kubernetes condition. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message?: string;
  observedGeneration?: number;
  lastTransitionTime: string;
}

/** The NomadJob status. */
export interface NomadJobStatus {
  observedGeneration?: number;
  /** Nomad job status: pending, running or dead. */
  status?: 'pending' | 'running' | 'dead';
  /** Version hash of the spec the allocations run. */
  version?: string;
  summary?: Record<string, GroupSummary>;
  desired?: number;
  running?: number;
  /** Label selector of the job's pods, for the scale subresource. */
  selector?: string;
  placementFailures?: PlacementFailure[];
  conditions?: Condition[];
  /** For periodic and parameterized children: the parent job. */
  parent?: string;
  /** Slot → highest generation created, for slots re-created at least once (the planner's memory). */
  allocGenerations?: Record<string, number>;
  /** Per group: allocation indexes 0..n−1 were created at least once. */
  allocSlots?: Record<string, number>;
  /** Seed of the latest placement decision. */
  placementSeed?: string;
  /** Nomad's job version: 0 for the first spec, one more at every spec change. */
  jobVersion?: number;
  /** Hash of the spec `jobVersion` was recorded for. */
  specHash?: string;
  /** The latest deployment (service jobs). */
  deployment?: DeploymentState;
  /** Recorded job versions, newest first (bounded: ADR 0006). */
  versions?: JobVersionRecord[];
  /** Failed allocations waiting for their reschedule delay, and when the replacement is due. */
  reschedules?: PendingReschedule[];
}

/** A failed allocation whose replacement waits for the reschedule delay. */
export interface PendingReschedule {
  /** The failed allocation's pod. */
  pod: string;
  group: string;
  index: number;
  /** RFC 3339 time the replacement is due. */
  nextAttemptAt: string;
}

/** Standard object metadata, as much of it as kubenomad reads. */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{
    apiVersion: string;
    kind: string;
    name: string;
    uid: string;
    controller?: boolean;
    blockOwnerDeletion?: boolean;
  }>;
  finalizers?: string[];
}

/** The NomadJob object. */
export interface NomadJob {
  apiVersion: 'kubenomad.io/v1alpha1';
  kind: 'NomadJob';
  metadata: ObjectMeta;
  spec: NomadJobSpec;
  status?: NomadJobStatus;
}
