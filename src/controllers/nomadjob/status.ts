/**
 * NomadJob status from observation: Nomad's per-group summary, the job status (pending, running, dead),
 * desired and running totals, and the Placed and Healthy conditions.
 */
import type { DeploymentState, GroupSummary, NomadJobSpec, NomadJobStatus, PlacementFailure } from '../../crds/nomadjob-types.js';
import { jobSelector } from './alloc-meta.js';
import { withTransitions } from './conditions.js';
import { canonicalJson } from './hash.js';
import type { JobVersionInfo } from './job-version.js';
import { recordHistory } from './version-history.js';
import { allocStatus, toAlloc, type NodeState, type ObservedPod } from './observed.js';
import { isParentJob } from './plan-context.js';
import type { JobPlan, JobRef } from './plan-types.js';
import { pendingReschedules } from './reschedule-status.js';
import { healthyCondition, placedCondition } from './status-conditions.js';
import { jobVersion } from './version.js';

/** What the status is computed from. */
export interface StatusInput {
  job: JobRef;
  pods: ObservedPod[];
  nodes: Readonly<Record<string, NodeState>>;
  /** This reconcile's plan: creates still outstanding (not pods yet), pending reschedules, exhausted allocations. */
  plan: JobPlan;
  /** System and sysbatch: feasible nodes per group (the desired count). */
  feasibleNodes?: Readonly<Record<string, string[]>>;
  /** The placement engine's explanation of allocations it could not place, stored as given. */
  placementFailures?: PlacementFailure[];
  previous?: NomadJobStatus;
  /** Writes of this pass that failed (create, bind, delete): shown in the Placed condition until a pass succeeds. */
  applyErrors?: string[];
  /** Seed of this pass's placement decision. */
  seed?: string;
  /** The job version of the spec. */
  version?: JobVersionInfo;
  /** The deployment as this pass leaves it. */
  deployment?: DeploymentState;
  now: Date;
}

const emptySummary = (): GroupSummary => ({ queued: 0, starting: 0, running: 0, failed: 0, complete: 0, lost: 0 });

/**
 * Per-group summary: allocation pods by client status, plus (queued) the plan's creates that did not become pods —
 * unplaced, or whose create failed — and the creates deferred to later passes of a large job.
 */
export function summarize(input: Pick<StatusInput, 'job' | 'pods' | 'nodes' | 'plan'>): Record<string, GroupSummary> {
  const summary: Record<string, GroupSummary> = {};
  for (const group of input.job.spec.groups ?? []) summary[group.name] = emptySummary();
  for (const pod of input.pods) {
    const alloc = toAlloc(pod);
    if (alloc === null || pod.deletionTimestamp) continue;
    const groupSummary = (summary[alloc.group] ??= emptySummary());
    groupSummary[allocStatus(pod, input.nodes)] += 1;
  }
  for (const create of input.plan.create) (summary[create.group] ??= emptySummary()).queued += 1;
  for (const [group, n] of Object.entries(input.plan.deferredByGroup)) (summary[group] ??= emptySummary()).queued += n;
  return summary;
}

/** Nomad's job status (state_store getJobStatus, with the plan standing in for evaluations). */
export function jobStatus(job: JobRef, summaries: GroupSummary[], plan: JobPlan): 'pending' | 'running' | 'dead' {
  if (job.spec.stop || job.deleting) return 'dead';
  if (job.spec.type === 'system' || isParentJob(job)) return 'running';
  const live = summaries.reduce((n, s) => n + s.starting + s.running, 0);
  if (live > 0) return 'running';
  const queued = summaries.reduce((n, s) => n + s.queued, 0);
  if (queued > 0 || plan.create.length > 0 || plan.deferred > 0 || plan.waiting.length > 0) return 'pending';
  const terminal = summaries.reduce((n, s) => n + s.complete + s.failed + s.lost, 0);
  return terminal > 0 ? 'dead' : 'pending';
}

/** Allocations the job wants: the sum of counts, or of feasible nodes for system and sysbatch. */
export function desiredCount(job: JobRef, feasibleNodes?: Readonly<Record<string, string[]>>): number {
  const spec: NomadJobSpec = job.spec;
  if (spec.stop || job.deleting || isParentJob(job)) return 0;
  const system = spec.type === 'system' || spec.type === 'sysbatch';
  return (spec.groups ?? []).reduce((n, g) => n + (system ? new Set(feasibleNodes?.[g.name] ?? []).size : (g.count ?? 1)), 0);
}

/** The NomadJob status to write. */
export function buildStatus(input: StatusInput): NomadJobStatus {
  const { job } = input;
  const summary = summarize(input);
  const groups = Object.values(summary);
  const desired = desiredCount(job, input.feasibleNodes);
  const running = groups.reduce((n, s) => n + s.running, 0);
  const facts = { job, groups, desired, running, plan: input.plan, failures: input.placementFailures ?? [], applyErrors: input.applyErrors ?? [] };
  const status: NomadJobStatus = {
    observedGeneration: job.generation,
    status: jobStatus(job, groups, input.plan),
    version: jobVersion(job.spec),
    summary,
    desired,
    running,
    selector: jobSelector(job.name),
    conditions: withTransitions([placedCondition(facts), healthyCondition(facts)], input.previous?.conditions, input.now, job.generation),
  };
  if (facts.failures.length > 0) status.placementFailures = facts.failures;
  const parent = job.parentId ?? input.previous?.parent;
  if (parent !== undefined) status.parent = parent;
  const remembered = Object.entries(input.plan.generations).filter(([, g]) => g > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (remembered.length > 0) status.allocGenerations = Object.fromEntries(remembered);
  const slots = Object.entries(input.plan.createdSlots).filter(([, n]) => n > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (slots.length > 0) status.allocSlots = Object.fromEntries(slots);
  if (input.seed !== undefined) status.placementSeed = input.seed;
  const reschedules = pendingReschedules(input.plan, input.now);
  if (reschedules.length > 0) status.reschedules = reschedules;
  return Object.assign(status, versionFields(input));
}

/** The job version, version history and deployment fields of the status. */
function versionFields(input: StatusInput): Pick<NomadJobStatus, 'jobVersion' | 'specHash' | 'deployment' | 'versions'> {
  const out: Pick<NomadJobStatus, 'jobVersion' | 'specHash' | 'deployment' | 'versions'> = {};
  if (input.deployment) out.deployment = input.deployment;
  if (!input.version) return out;
  const { version, specHash } = input.version;
  const versions = recordHistory({ previous: input.previous?.versions, version: input.version, spec: input.job.spec, deployment: input.deployment, now: input.now });
  return Object.assign(out, { jobVersion: version, specHash, versions });
}

/** Whether the status differs from what is stored (a second reconcile over the same state writes nothing). */
export function statusNeedsPatch(previous: NomadJobStatus | undefined, next: NomadJobStatus): boolean {
  return canonicalJson(previous ?? {}) !== canonicalJson(next);
}
