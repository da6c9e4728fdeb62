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
import type { DeploymentState } from '../../crds/nomadjob-types.js';
import { sha256Hex } from './hash.js';
import { groupProgress } from './deployment-group.js';
import { nextState } from './deployment-step.js';
import { DESCRIPTIONS, isActive, type DeployingGroup, type DeploymentDecision, type DeploymentInput } from './deployment-types.js';
import { toAlloc, type ObservedAlloc } from './observed.js';
import { isParentJob } from './plan-context.js';
import type { JobRef } from './plan-types.js';
import { resolveUpdate } from './update-strategy.js';
import { latestStable } from './version-history.js';
import { groupVersion } from './version.js';

export * from './deployment-types.js';

/** The UUID-shaped deployment ID of a job version. */
export function deploymentId(jobUid: string, version: number): string {
  const hex = sha256Hex(`${jobUid}\u0000deployment\u0000${version}`);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
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
