/**
 * One NomadJob reconcile, level-based, in four phases: observe (the job, its pods, the cluster view) → schedule
 * (the pure `scheduleJob`) → apply the diff (delete, bind, create, evict) → record status. The status write is
 * deferred and always runs, errors included; the planner's memory (generations) lives in status, so a converged
 * job's pass writes nothing at all.
 */
import type { NomadJob, NomadJobStatus } from '../../crds/nomadjob-types.js';
import type { KubeApi } from '../../k8s/api.js';
import { toApiError } from '../../k8s/objects.js';
import type { Logger } from '../../logging.js';
import type { ClusterView } from '../cluster/cluster-view.js';
import type { ReconcileResult } from '../runtime/work-queue.js';
import { bindStrayPods, createAllocations, stopAllocations, type ApplyOutcome } from './apply.js';
import { trackDeployment, type DeploymentInput } from './deployment.js';
import { deploymentEvents } from './deployment-events.js';
import { DeploymentGauges } from './deployment-metrics.js';
import { deploymentRequests } from './deployment-requests.js';
import { applyRestartActions } from './apply-restarts.js';
import { errorStatus } from './error-status.js';
import type { ExpectedPods } from './expected-pods.js';
import { parseGenerations } from './generations.js';
import { GENERATIONS_ANNOTATION } from './labels.js';
import type { ControllerMetrics } from './metrics.js';
import { nodeLiveness } from './node-lost.js';
import { observePod, type NodeState, type ObservedPod } from './observed.js';
import type { JobRef } from './plan-types.js';
import { placementSummary } from './placement-summary.js';
import { restartActions } from './restart-enforce.js';
import { scheduleJob, type JobDecision, type JobObservation, type SchedulerSettings } from './schedule.js';
import { buildStatus, statusNeedsPatch } from './status.js';
import { keyOf, type JobStore } from './store.js';

export type { SchedulerSettings } from './schedule.js';

/** What a reconcile needs. */
export interface ReconcilerDeps {
  api: KubeApi;
  store: JobStore;
  view: ClusterView;
  log: Logger;
  metrics: ControllerMetrics;
  settings: SchedulerSettings;
  /** Jobs with unplaced allocations, re-queued when capacity appears. */
  blocked: Set<string>;
  /** Pods created but not yet in the store. */
  expected: ExpectedPods;
  /** The clock (injected: tests pass a fixed one). */
  now: () => Date;
  /** Aborts on shutdown: creates not yet started are abandoned. */
  signal?: AbortSignal;
}

/** How long a job with unplaced allocations waits before it is retried without any capacity event. */
const CAPACITY_RETRY_MS = 30_000;
/** How soon the next batch of a job larger than one placement batch is planned. */
const NEXT_BATCH_MS = 1;

/** What the deployment is decided from, but the pods and nodes. */
function deploymentInput(job: NomadJob, obs: JobObservation, decision: JobDecision): Omit<DeploymentInput, 'pods' | 'nodes'> {
  const { status } = job;
  return { job: obs.job, previous: status?.deployment, version: decision.version, requests: obs.requests, history: status?.versions, now: obs.now };
}

function jobRef(job: NomadJob): JobRef {
  return {
    name: job.metadata.name ?? '', namespace: job.metadata.namespace, uid: job.metadata.uid ?? '',
    generation: job.metadata.generation, spec: job.spec, deleting: job.metadata.deletionTimestamp !== undefined,
    parentId: job.status?.parent,
  };
}

/** The planner's memory: status first, the annotation earlier versions wrote as a fallback. */
function rememberedGenerations(job: NomadJob): Record<string, number> {
  const out = parseGenerations(job.metadata.annotations?.[GENERATIONS_ANNOTATION]);
  for (const [slot, g] of Object.entries(job.status?.allocGenerations ?? {})) out[slot] = Math.max(out[slot] ?? 0, g);
  return out;
}

/** Reconciles one NomadJob. */
export class NomadJobReconciler {
  /** The job_summary series set per job, removed when the job goes. */
  private readonly summarySeries = new Map<string, Array<Record<'namespace' | 'job' | 'task_group' | 'status', string>>>();

  private readonly deploymentGauges: DeploymentGauges;

  constructor(private readonly d: ReconcilerDeps) {
    this.deploymentGauges = new DeploymentGauges(d.metrics.deploymentAllocs);
  }

  /** The reconcile entry point for the work queue. */
  async reconcile(key: string): Promise<ReconcileResult | void> {
    const job = this.d.store.job(key);
    if (!job) return this.forget(key); // deleted: kube-controller-manager garbage-collects its pods
    const stop = this.d.metrics.reconcileDuration.startTimer();
    try {
      return await this.reconcileJob(key, job);
    } catch (err) {
      // Deleted while we reconciled: the delete event re-queues the key; nothing to retry.
      if (toApiError(err).code === 404 && !this.d.store.job(key)) return;
      throw err;
    } finally {
      stop();
    }
  }

  private forget(key: string): void {
    this.d.blocked.delete(key);
    this.d.expected.drop(key);
    for (const labels of this.summarySeries.get(key) ?? []) this.d.metrics.jobSummary.remove(labels);
    this.summarySeries.delete(key);
    this.deploymentGauges.forget(key);
  }

  private async reconcileJob(key: string, job: NomadJob): Promise<ReconcileResult | void> {
    const obs = this.observe(key, job);
    const decision = this.schedule(obs);
    if (decision.invalid.length > 0) return this.recordInvalid(job, decision.invalid, obs.now);
    const outcome: ApplyOutcome = { created: [], errors: [] };
    try {
      await this.apply(key, job, obs, decision, outcome);
    } finally {
      await this.recordStatus(job, obs, decision, outcome);
    }
    return this.requeue(key, decision, outcome);
  }

  /** Phase 1: the job, its pods (with those created but not yet cached) and the remembered generations. */
  private observe(key: string, job: NomadJob): JobObservation {
    const now = this.d.now();
    const pods = this.d.expected.merge(key, this.d.store.pods(key).map(observePod), now.getTime());
    return { job: jobRef(job), pods, generations: rememberedGenerations(job), createdSlots: job.status?.allocSlots, recorded: job.status, requests: deploymentRequests(job.metadata.annotations), now };
  }

  /** Phase 2: the pure decision; its placements are assumed in the cluster view before any await. */
  private schedule(obs: JobObservation): JobDecision {
    const stopTimer = this.d.metrics.placementLatency.startTimer();
    const decision = scheduleJob(obs, this.d.view, this.d.settings);
    stopTimer();
    const failed = decision.failures.reduce((n, f) => n + f.failedAllocations, 0);
    this.d.metrics.placements.inc({ result: 'placed' }, decision.placed.length);
    this.d.metrics.placements.inc({ result: 'failed' }, failed);
    return decision;
  }

  /** Phase 3: writes; every failure lands in `outcome.errors`. */
  private async apply(key: string, job: NomadJob, obs: JobObservation, decision: JobDecision, outcome: ApplyOutcome): Promise<void> {
    const ns = job.metadata.namespace ?? 'default';
    for (const s of decision.plan.stop) this.d.expected.forget(key, s.podName);
    await stopAllocations(this.d, ns, decision.plan.stop, outcome);
    await bindStrayPods(this.d, ns, obs.pods, outcome);
    await createAllocations(this.d, ns, decision.placed, outcome);
    const restarts = restartActions({ spec: job.spec, pods: obs.pods, nodes: this.nodeStates() });
    const exhausted = await applyRestartActions(this.d.api, ns, restarts, outcome.errors);
    if (exhausted.length > 0) await this.event(job, 'Warning', 'RestartsExhausted', exhausted.join('\n'));
    const nowMs = this.d.now().getTime();
    for (const p of outcome.created) this.d.expected.add(key, { ...observePod(p.pod as never), nodeName: p.placement.nodeName, phase: 'Pending' }, nowMs);
    if (outcome.created.length > 0) await this.event(job, 'Normal', 'Placed', `${placementSummary(outcome.created)} (seed ${decision.seed})`);
    if (outcome.errors.length > 0) this.d.log.warn({ job: key, errors: outcome.errors.slice(0, 5) }, 'some writes failed');
  }

  /** Phase 4: one status write when anything changed, and the job_summary metric. */
  private async recordStatus(job: NomadJob, obs: JobObservation, decision: JobDecision, outcome: ApplyOutcome): Promise<void> {
    const pods = this.d.expected.merge(keyOf(job), this.d.store.pods(keyOf(job)).map(observePod), obs.now.getTime());
    // Creates that happened are pods now (expected ones included); only the rest are still outstanding.
    const created = new Set(outcome.created.map((p) => p.alloc.podName));
    const plan = { ...decision.plan, create: decision.plan.create.filter((c) => !created.has(c.podName)) };
    const nodes = this.nodeStates();
    // The deployment counted again over the pods as they are after this pass's writes.
    const { deployment, revertTo } = trackDeployment({ ...deploymentInput(job, obs, decision), pods, nodes });
    const next: NomadJobStatus = buildStatus({
      job: obs.job, pods, nodes, plan, feasibleNodes: decision.feasibleNodes, version: decision.version, deployment,
      placementFailures: decision.failures, previous: job.status, applyErrors: outcome.errors, seed: decision.seed, now: obs.now,
    });
    this.recordSummaryMetric(job, next);
    if (!statusNeedsPatch(job.status, next)) return;
    await this.d.api.patchStatus('nomadjobs', job.metadata.namespace ?? 'default', job.metadata.name ?? '', next);
    for (const e of deploymentEvents(job.status?.deployment, deployment)) {
      this.d.metrics.deployments.inc({ event: e.reason });
      await this.event(job, e.type, e.reason, e.message);
    }
    if (revertTo) await this.revert(job, revertTo);
    const newlyFailed = decision.failures.length > 0 && !(job.status?.placementFailures?.length);
    if (newlyFailed) await this.event(job, 'Warning', 'FailedPlacement', decision.failures.map((f) => f.message).join('\n'));
  }

  /** auto_revert: submits the latest stable version's spec again (the next pass records it as a new version). */
  private async revert(job: NomadJob, target: { version: number; spec: object }): Promise<void> {
    await this.d.api.replaceSpec('nomadjobs', job.metadata.namespace ?? 'default', job.metadata.name ?? '', target.spec);
    await this.event(job, 'Normal', 'DeploymentReverted', `Job reverted to the spec of version ${target.version} (auto_revert)`);
  }

  private requeue(key: string, decision: JobDecision, outcome: ApplyOutcome): ReconcileResult | void {
    const unplaced = decision.failures.length > 0 || outcome.errors.length > 0;
    if (unplaced) this.d.blocked.add(key);
    else this.d.blocked.delete(key);
    // A job larger than one placement batch continues right away (after other keys had their turn on the loop).
    const more = decision.plan.deferred > 0 && decision.placed.length > 0 ? NEXT_BATCH_MS : undefined;
    const waits = [decision.plan.requeueAfterMs, unplaced ? CAPACITY_RETRY_MS : undefined, more, decision.rollout.recheckAfterMs].filter((x): x is number => x !== undefined);
    return waits.length ? { requeueAfterMs: Math.min(...waits) } : undefined;
  }

  /** Node states as the planner sees them (a NotReady node within its grace still counts as ready). */
  private nodeStates(): Record<string, NodeState> {
    return nodeLiveness(this.d.view.nodes(), this.d.now().getTime(), this.d.settings.nodeLostGraceMs).states;
  }

  private recordSummaryMetric(job: NomadJob, next: NomadJobStatus): void {
    const series: Array<Record<'namespace' | 'job' | 'task_group' | 'status', string>> = [];
    for (const [group, counts] of Object.entries(next.summary ?? {})) {
      for (const [status, n] of Object.entries(counts)) {
        const labels = { namespace: job.metadata.namespace ?? 'default', job: job.metadata.name ?? '', task_group: group, status };
        this.d.metrics.jobSummary.set(labels, n);
        series.push(labels);
      }
    }
    this.summarySeries.set(keyOf(job), series);
    this.deploymentGauges.record(keyOf(job), job.metadata.namespace ?? 'default', job.metadata.name ?? '', next.deployment);
  }

  private async event(job: NomadJob, type: 'Normal' | 'Warning', reason: string, note: string): Promise<void> {
    const target = { apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', namespace: job.metadata.namespace ?? 'default', name: job.metadata.name ?? '', uid: job.metadata.uid };
    await this.d.api.event(target, type, reason, note).catch((err: unknown) => this.d.log.debug({ err: String(err) }, 'event not recorded'));
  }

  /** A job that cannot run as written: recorded once (condition + event), never retried as a capacity failure. */
  private async recordInvalid(job: NomadJob, problems: string[], now: Date): Promise<void> {
    this.d.blocked.delete(keyOf(job));
    const next = errorStatus(job, problems, now);
    if (!statusNeedsPatch(job.status, next)) return;
    await this.d.api.patchStatus('nomadjobs', job.metadata.namespace ?? 'default', job.metadata.name ?? '', next);
    await this.event(job, 'Warning', 'InvalidJob', problems.join('; '));
  }
}

export type { ObservedPod };
