/** The deployment planner's vocabulary: Nomad's status descriptions, its input and decision, a deploying group. */
import type { DeploymentState, JobVersionRecord, NomadJobSpec, TaskGroup } from '../../crds/nomadjob-types.js';
import type { GroupProgress } from './deployment-group.js';
import type { DeploymentRequests } from './deployment-requests.js';
import type { JobVersionInfo } from './job-version.js';
import type { NodeState, ObservedPod } from './observed.js';
import type { JobRef } from './plan-types.js';
import type { ResolvedUpdate } from './update-strategy.js';

/** Nomad's deployment status descriptions. */
export const DESCRIPTIONS = {
  running: 'Deployment is running',
  needsPromotion: 'Deployment is running but requires manual promotion',
  autoPromotion: 'Deployment is running pending automatic promotion',
  paused: 'Deployment is paused',
  successful: 'Deployment completed successfully',
  newerJob: 'Cancelled due to newer version of job',
  stoppedJob: 'Cancelled because job is stopped',
  unhealthy: 'Failed due to unhealthy allocations',
  progressDeadline: 'Failed due to progress deadline',
  failedByUser: 'Deployment marked as failed',
} as const;

/** What a deployment pass reads. */
export interface DeploymentInput {
  job: JobRef;
  /** The job's pods (terminating ones are ignored). */
  pods: ObservedPod[];
  nodes: Readonly<Record<string, NodeState>>;
  /** The deployment recorded in status, if any. */
  previous?: DeploymentState;
  version: JobVersionInfo;
  /** Promote, pause and fail requests (annotations). */
  requests?: DeploymentRequests;
  /** The recorded versions (auto_revert's target). */
  history?: JobVersionRecord[];
  now: Date;
}

/** The deployment after this pass and what the planner may do. */
export interface DeploymentDecision {
  deployment?: DeploymentState;
  /** Destructive updates each group may start now; a group absent here is not limited. */
  budgets: Record<string, number>;
  /** Groups waiting for promotion: how many canaries stand beside the old allocations (0: stop the canaries). */
  canaries: Record<string, number>;
  /** Pass again after this many ms: an allocation turns healthy or unhealthy, or a deadline passes. */
  recheckAfterMs?: number;
  /** auto_revert: submit this spec (the latest stable version's) again. */
  revertTo?: { version: number; spec: NomadJobSpec };
}

const ACTIVE = new Set<DeploymentState['status']>(['running', 'paused', 'blocked']);

/** Whether a deployment is still in progress (running, paused or blocked). */
export function isActive(d: DeploymentState | undefined): boolean {
  return d !== undefined && ACTIVE.has(d.status);
}

/** A group that deploys, with its strategy and its counted allocations. */
export interface DeployingGroup {
  group: TaskGroup;
  update: ResolvedUpdate;
  progress: GroupProgress;
}
