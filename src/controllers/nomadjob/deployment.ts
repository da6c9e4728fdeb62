/**
 * Deployments as Nomad runs them (nomad/deploymentwatcher + the reconciler's computeLimit), pure and level-based:
 * every job version of a service job with an update strategy gets a deployment; each pass counts the groups'
 * allocations (deployment-group.ts), decides the deployment's status, and tells the planner how many destructive
 * updates each group may start and how many canaries it keeps beside the old allocations. Everything it remembers
 * is in the NomadJob's status (ADR 0005), so a restarted operator continues where the last one stopped.
 *
 *   previous deployment ─┬─ other job version: cancel it, start a new one (canaries when the group has old
 *                        │  allocations and `canary` > 0; requireProgressBy = now + progress_deadline)
 *                        └─ same version, active ──▶ count groups ──▶ promote (request or auto_promote, once the
 *                           canaries are healthy) ──▶ failed | successful | paused | blocked (awaiting promotion) | running
 *   budgets: running → max_parallel − in flight (0 while canaries wait, or once one is unhealthy); failed, paused → 0
 *   failed with auto_revert → the spec of the latest stable version is submitted again (revertTo)
 */
import type { DeploymentState, JobVersionRecord, NomadJobSpec } from '../../crds/nomadjob-types.js';
import { sha256Hex } from './hash.js';
import { groupProgress, type GroupProgress } from './deployment-group.js';
import type { DeploymentRequests } from './deployment-requests.js';
import { nextState } from './deployment-step.js';
import type { JobVersionInfo } from './job-version.js';
import { toAlloc, type NodeState, type ObservedAlloc, type ObservedPod } from './observed.js';
import { isParentJob } from './plan-context.js';
import type { JobRef } from './plan-types.js';
import { resolveUpdate, type ResolvedUpdate } from './update-strategy.js';
import { latestStable } from './version-history.js';
import { groupVersion } from './version.js';
import type { TaskGroup } from '../../crds/nomadjob-types.js';

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

/** The UUID-shaped deployment ID of a job version. */
export function deploymentId(jobUid: string, version: number): string {
  const hex = sha256Hex(`${jobUid}\u0000deployment\u0000${version}`);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A group that deploys, with its strategy and its counted allocations. */
export interface DeployingGroup {
  group: TaskGroup;
  update: ResolvedUpdate;
  progress: GroupProgress;
}

function deployingGroups(input: DeploymentInput): DeployingGroup[] {
  const { job } = input;
  const allocs = input.pods.map(toAlloc).filter((a): a is ObservedAlloc => a !== null && !a.pod.deletionTimestamp);
  const out: DeployingGroup[] = [];
  for (const group of job.spec.groups ?? []) {
    const update = resolveUpdate(job.spec, group);
    if (!update) continue;
    const progress = groupProgress({
      allocs: allocs.filter((a) => a.group === group.name), nodes: input.nodes, version: groupVersion(job.spec, group),
      update, count: group.count ?? 1, nowMs: input.now.getTime(),
    });
    out.push({ group, update, progress });
  }
  return out;
}

/** A new deployment: canaries for groups that replace running allocations and ask for them. */
function startDeployment(job: JobRef, groups: DeployingGroup[], version: number, now: Date): DeploymentState {
  const state: DeploymentState = {
    id: deploymentId(job.uid, version), jobVersion: version, status: 'running', statusDescription: DESCRIPTIONS.running,
    createdAt: now.toISOString(), groups: {},
  };
  for (const { group, update, progress } of groups) {
    const count = group.count ?? 1;
    state.groups[group.name] = {
      desiredTotal: count, desiredCanaries: progress.outdated > 0 ? Math.min(update.canary, count) : 0,
      placed: 0, healthy: 0, unhealthy: 0, canaries: 0, promoted: false, autoRevert: update.autoRevert, autoPromote: update.autoPromote,
      ...(update.progressDeadlineMs > 0 ? { requireProgressBy: new Date(now.getTime() + update.progressDeadlineMs).toISOString() } : {}),
    };
  }
  return state;
}

const stopped = (job: JobRef): boolean => job.spec.stop === true || job.deleting === true || isParentJob(job);

/** Decides the job's deployment for this pass. */
export function trackDeployment(input: DeploymentInput): DeploymentDecision {
  const { job, previous } = input;
  const groups = deployingGroups(input);
  if (stopped(job) || groups.length === 0) {
    if (!isActive(previous)) return { deployment: previous, budgets: {}, canaries: {} };
    return { deployment: { ...previous!, status: 'cancelled', statusDescription: DESCRIPTIONS.stoppedJob }, budgets: {}, canaries: {} };
  }
  const same = previous?.jobVersion === input.version.version && previous.id === deploymentId(job.uid, input.version.version);
  const current = same ? previous : startDeployment(job, groups, input.version.version, input.now);
  const step = isActive(current) ? nextState(input, current, groups) : { deployment: current, budgets: {}, canaries: {} };
  return withRevert(input, step, groups);
}

/** Terminal deployments: failed ones replace nothing and stop unpromoted canaries; auto_revert submits the stable spec. */
function withRevert(input: DeploymentInput, step: DeploymentDecision, groups: DeployingGroup[]): DeploymentDecision {
  const d = step.deployment;
  if (d?.status !== 'failed') return step;
  const out: DeploymentDecision = { ...step, budgets: {}, canaries: {} };
  for (const { group } of groups) {
    out.budgets[group.name] = 0;
    const state = d.groups[group.name];
    if (state && state.desiredCanaries > 0 && !state.promoted) out.canaries[group.name] = 0;
  }
  const autoRevert = Object.values(d.groups).some((g) => g.autoRevert);
  const target = autoRevert && input.version.version === d.jobVersion ? latestStable(input.history, d.jobVersion) : undefined;
  if (!target || target.record.specHash === input.version.specHash) return out;
  out.revertTo = { version: target.record.version, spec: target.spec };
  const suffix = ` - rolling back to job version ${target.record.version}`;
  if (!d.statusDescription.endsWith(suffix)) out.deployment = { ...d, statusDescription: d.statusDescription + suffix };
  return out;
}
