/**
 * Deployments as Nomad runs them (nomad/deploymentwatcher + the reconciler's computeLimit), pure and level-based:
 * every job version of a service job with an update strategy gets a deployment; each pass counts the groups'
 * allocations (deployment-group.ts), decides the deployment's status, and tells the planner how many destructive
 * updates each group may start. Everything it remembers is in the NomadJob's status, so a restarted operator
 * continues where the last one stopped.
 *
 *   previous deployment ─┬─ other job version: cancel it, start a new one (requireProgressBy = now + deadline)
 *                        └─ same version, still running ──▶ count groups ──▶ failed (unhealthy with no progress
 *                           deadline, or the deadline passed) | successful (all groups complete) | running
 *   budgets: running → max_parallel − in flight (0 once one is unhealthy); failed, paused → 0; successful → none
 */
import type { DeploymentGroupState, DeploymentState, TaskGroup } from '../../crds/nomadjob-types.js';
import { sha256Hex } from './hash.js';
import { destructiveBudget, groupComplete, groupProgress, type GroupProgress } from './deployment-group.js';
import type { JobVersionInfo } from './job-version.js';
import { toAlloc, type NodeState, type ObservedAlloc, type ObservedPod } from './observed.js';
import { isParentJob } from './plan-context.js';
import type { JobRef } from './plan-types.js';
import { resolveUpdate, type ResolvedUpdate } from './update-strategy.js';
import { groupVersion } from './version.js';

/** Nomad's deployment status descriptions. */
export const DESCRIPTIONS = {
  running: 'Deployment is running',
  paused: 'Deployment is paused',
  successful: 'Deployment completed successfully',
  newerJob: 'Cancelled due to newer version of job',
  stoppedJob: 'Cancelled because job is stopped',
  unhealthy: 'Failed due to unhealthy allocations',
  progressDeadline: 'Failed due to progress deadline',
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
  now: Date;
}

/** The deployment after this pass and what the planner may do. */
export interface DeploymentDecision {
  deployment?: DeploymentState;
  /** Destructive updates each group may start now; a group absent here is not limited. */
  budgets: Record<string, number>;
  /** Pass again after this many ms: an allocation turns healthy or unhealthy, or a deadline passes. */
  recheckAfterMs?: number;
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

interface DeployingGroup {
  group: TaskGroup;
  update: ResolvedUpdate;
}

function deployingGroups(job: JobRef): DeployingGroup[] {
  const out: DeployingGroup[] = [];
  for (const group of job.spec.groups ?? []) {
    const update = resolveUpdate(job.spec, group);
    if (update) out.push({ group, update });
  }
  return out;
}

function startDeployment(job: JobRef, groups: DeployingGroup[], version: number, now: Date): DeploymentState {
  const state: DeploymentState = {
    id: deploymentId(job.uid, version), jobVersion: version, status: 'running', statusDescription: DESCRIPTIONS.running,
    createdAt: now.toISOString(), groups: {},
  };
  for (const { group, update } of groups) {
    state.groups[group.name] = {
      desiredTotal: group.count ?? 1, desiredCanaries: update.canary, placed: 0, healthy: 0, unhealthy: 0, canaries: 0,
      promoted: false, autoRevert: update.autoRevert, autoPromote: update.autoPromote,
      ...(update.progressDeadlineMs > 0 ? { requireProgressBy: new Date(now.getTime() + update.progressDeadlineMs).toISOString() } : {}),
    };
  }
  return state;
}

const stopped = (job: JobRef): boolean => job.spec.stop === true || job.deleting === true || isParentJob(job);

/** Decides the job's deployment for this pass. */
export function trackDeployment(input: DeploymentInput): DeploymentDecision {
  const { job, previous } = input;
  const groups = deployingGroups(job);
  if (stopped(job) || groups.length === 0) {
    if (!isActive(previous)) return { deployment: previous, budgets: {} };
    return { deployment: { ...previous!, status: 'cancelled', statusDescription: DESCRIPTIONS.stoppedJob }, budgets: {} };
  }
  const current = previous?.jobVersion === input.version.version && previous.id === deploymentId(job.uid, input.version.version)
    ? previous
    : startDeployment(job, groups, input.version.version, input.now);
  if (!isActive(current)) return { deployment: current, budgets: current.status === 'successful' ? {} : zeroBudgets(groups) };
  return advance(input, current, groups);
}

function zeroBudgets(groups: DeployingGroup[]): Record<string, number> {
  return Object.fromEntries(groups.map(({ group }) => [group.name, 0]));
}

/** Counts the groups of an active deployment and moves it on. */
function advance(input: DeploymentInput, current: DeploymentState, groups: DeployingGroup[]): DeploymentDecision {
  const nowMs = input.now.getTime();
  const allocs = input.pods.map(toAlloc).filter((a): a is ObservedAlloc => a !== null && !a.pod.deletionTimestamp);
  const next: DeploymentState = { ...current, groups: {} };
  const budgets: Record<string, number> = {};
  let recheckAtMs = Infinity;
  let complete = true;
  let failure: string | undefined;
  for (const { group, update } of groups) {
    const before = current.groups[group.name] ?? startDeployment(input.job, [{ group, update }], current.jobVersion, input.now).groups[group.name]!;
    const progress = groupProgress({
      allocs: allocs.filter((a) => a.group === group.name), nodes: input.nodes, version: groupVersion(input.job.spec, group),
      update, count: group.count ?? 1, nowMs,
    });
    const state = groupState(before, progress, update);
    next.groups[group.name] = state;
    budgets[group.name] = destructiveBudget(update, progress);
    const done = groupComplete(state, progress);
    complete &&= done;
    failure ??= groupFailure(state, progress, update, done, nowMs);
    recheckAtMs = Math.min(recheckAtMs, progress.recheckAtMs ?? Infinity);
    if (!done && state.requireProgressBy) recheckAtMs = Math.min(recheckAtMs, Date.parse(state.requireProgressBy));
  }
  if (failure) return { deployment: { ...next, status: 'failed', statusDescription: failure }, budgets: zeroBudgets(groups) };
  if (complete) return { deployment: { ...next, status: 'successful', statusDescription: DESCRIPTIONS.successful }, budgets: {} };
  if (next.status === 'paused') return { deployment: next, budgets: zeroBudgets(groups), recheckAfterMs: recheck(recheckAtMs, nowMs) };
  return { deployment: next, budgets, recheckAfterMs: recheck(recheckAtMs, nowMs) };
}

function recheck(atMs: number, nowMs: number): number | undefined {
  return Number.isFinite(atMs) ? Math.max(1, atMs - nowMs) : undefined;
}

/** The group's recorded state from its counts: progress (a newly healthy allocation) moves the deadline on. */
function groupState(before: DeploymentGroupState, progress: GroupProgress, update: ResolvedUpdate): DeploymentGroupState {
  const state: DeploymentGroupState = { ...before, placed: progress.placed, healthy: progress.healthy, unhealthy: progress.unhealthy };
  if (update.progressDeadlineMs > 0 && progress.lastHealthyMs !== undefined && before.requireProgressBy !== undefined) {
    const by = Math.max(Date.parse(before.requireProgressBy), progress.lastHealthyMs + update.progressDeadlineMs);
    state.requireProgressBy = new Date(by).toISOString();
  }
  return state;
}

/** Why the group fails the deployment now, if it does. */
function groupFailure(state: DeploymentGroupState, progress: GroupProgress, update: ResolvedUpdate, done: boolean, nowMs: number): string | undefined {
  if (done) return undefined;
  if (update.progressDeadlineMs === 0) return progress.unhealthy > 0 ? DESCRIPTIONS.unhealthy : undefined;
  if (state.requireProgressBy !== undefined && Date.parse(state.requireProgressBy) <= nowMs) return DESCRIPTIONS.progressDeadline;
  return undefined;
}
