/** The planner's input and output: observed allocations in, a diff of allocations out. */
import type { NomadJobSpec } from '../../crds/nomadjob-types.js';
import type { AllocIdentity } from './alloc-name.js';
import type { NodeState, ObservedPod } from './observed.js';
import type { DrainSpec } from './drain.js';
import type { RescheduleEvent } from './reschedule.js';

/** The NomadJob as the planner reads it. */
export interface JobRef {
  /** metadata.name (pod names and the job label derive from it). */
  name: string;
  namespace?: string;
  /** metadata.uid (NOMAD_ALLOC_ID derives from it). */
  uid: string;
  generation?: number;
  spec: NomadJobSpec;
  /** metadata.deletionTimestamp is set: stop everything. */
  deleting?: boolean;
  /** Periodic and dispatched children: the parent's Nomad job ID (status.parent), for NOMAD_JOB_PARENT_ID. */
  parentId?: string;
}

/** What the reconcile loop observed. */
export interface PlanInput {
  job: JobRef;
  /** The job's pods (selected by the job label), terminating ones included. */
  pods: ObservedPod[];
  /** Node name → state; a node absent from the map is gone. */
  nodes: Readonly<Record<string, NodeState>>;
  /** System and sysbatch: group name → names of the nodes the placement engine found feasible. */
  feasibleNodes?: Readonly<Record<string, string[]>>;
  /** `JobPlan.generations` of the previous reconcile (persisted by the caller), if any. */
  generations?: Readonly<Record<string, number>>;
  /**
   * At most this many creates are planned in one pass (default unlimited); the rest are counted in
   * `JobPlan.deferred` and planned by the next pass, so a job of 100,000 allocations proceeds in bounded batches.
   */
  createLimit?: number;
  /** `JobPlan.createdSlots` of the previous reconcile: per group, indexes 0..n−1 were created at least once. */
  createdSlots?: Readonly<Record<string, number>>;
  /** Per group: destructive updates that may start in this pass (the deployment's budget); absent = unlimited. */
  updateBudgets?: Readonly<Record<string, number>>;
  /** Groups waiting for promotion: slots 0..n−1 get a canary beside their old allocation (see plan-canary.ts). */
  canaries?: Readonly<Record<string, number>>;
  /** Down nodes (see node-lost.ts) → when they went down, epoch ms: the start of a group's disconnect window. */
  downSince?: Readonly<Record<string, number>>;
  /** Draining nodes (node name → drain, see drain.ts). */
  draining?: Readonly<Record<string, DrainSpec>>;
  now: Date;
}

/** Why an allocation is created. */
export type CreateReason = 'new' | 'replace-missing' | 'reschedule' | 'replace-lost' | 'spec-change' | 'canary' | 'migrate';

/** Why an allocation is stopped. */
export type StopReason =
  | 'scale-down' | 'spec-change' | 'job-stopped' | 'node-gone' | 'node-not-feasible' | 'duplicate'
  | 'group-removed' | 'replaced' | 'canary-stopped' | 'migrated' | 'drain-deadline';

/** An allocation to place and create. */
export interface AllocToCreate extends AllocIdentity {
  podName: string;
  /** Nomad's `<job>.<group>[<index>]`. */
  allocName: string;
  allocId: string;
  reason: CreateReason;
  /** The allocation this one replaces; its node gets the reschedule penalty. */
  previous?: { allocId: string; podName: string; node?: string };
  /** Reschedule history to carry in the pod's annotation. */
  events: RescheduleEvent[];
}

/** An allocation pod to delete. */
export interface AllocToStop {
  podName: string;
  group: string;
  index: number;
  allocId: string;
  reason: StopReason;
}

/** A failed allocation whose replacement waits for the reschedule delay. */
export interface AllocWaiting {
  podName: string;
  group: string;
  index: number;
  waitMs: number;
  /** A failed allocation waiting for its reschedule delay (other waits: disconnect windows, migrations). */
  reschedule?: boolean;
}

/** The planner's answer. */
export interface JobPlan {
  create: AllocToCreate[];
  /** Pod names of allocations left as they are (including terminal ones kept as history). */
  keep: string[];
  stop: AllocToStop[];
  waiting: AllocWaiting[];
  /** Pod names of failed allocations that will not be rescheduled. */
  exhausted: string[];
  /** Reconcile again after this many ms (the earliest pending reschedule). */
  requeueAfterMs?: number;
  /**
   * Highest generation seen per slot (`slotKey`) for count slots re-created at least once and for system slots;
   * count slots at generation 0 are covered by `createdSlots`. Persist both and pass them back.
   */
  generations: Record<string, number>;
  /**
   * Per service/batch group: indexes 0..n−1 were created at least once. With the generations above 0 this is the
   * whole memory, in O(groups) space: a vanished pod at generation 0 is still replaced at generation 1.
   */
  createdSlots: Record<string, number>;
  /** Creates beyond `PlanInput.createLimit`: due, but left to the next pass (they count as queued). */
  deferred: number;
  /** `deferred` per group. */
  deferredByGroup: Record<string, number>;
}
