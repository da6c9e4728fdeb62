/**
 * One NomadJob reconcile, level-based: observe (job, its pods, the cluster view) → plan (pure planner and
 * placement engine) → apply the diff (delete, create, bind, evict) → record status once.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { NomadJob, NomadJobStatus, PlacementFailure as StatusFailure } from '../../crds/nomadjob-types.js';
import type { KubeApi } from '../../k8s/api.js';
import { toApiError } from '../../k8s/objects.js';
import type { Logger } from '../../logging.js';
import { placeAllocations, placeSystem } from '../../placement/index.js';
import type { AlgorithmName, PlacementOptions, PlacementPlan, PreemptionSwitches } from '../../placement/types.js';
import { ClusterView } from '../cluster/cluster-view.js';
import { PRIORITY_LABEL } from '../cluster/pod-adapter.js';
import type { ReconcileResult } from '../runtime/work-queue.js';
import { applyAllocations, type PlacedAlloc } from './apply.js';
import { checkDrivers } from './drivers.js';
import { formatGenerations, parseGenerations } from './generations.js';
import { GENERATIONS_ANNOTATION, GROUP_LABEL, TARGET_NODE_ANNOTATION } from './labels.js';
import { observePod, type NodeState } from './observed.js';
import { isParentJob } from './plan-context.js';
import type { AllocToCreate, JobPlan, JobRef } from './plan-types.js';
import { planJob } from './plan.js';
import { assumedAllocation, placementGroup, placementJob, statusFailure } from './placement-request.js';
import { buildStatus, statusNeedsPatch } from './status.js';
import { keyOf, type JobStore } from './store.js';
import { sha256Hex } from './hash.js';
import type { ControllerMetrics } from './metrics.js';
import { errorStatus } from './error-status.js';

/** Operator-level scheduling settings. */
export interface SchedulerSettings {
  algorithm: AlgorithmName;
  /** Fitting nodes scored per placement; unset = Nomad's limit (2 batch, log2 n service). See docs/adr/0001. */
  scanLimit?: number;
  /** Binpack scores the K fullest fitting nodes first (opt-in; see docs/adr/0002). Unset = Nomad's behaviour. */
  bestFitCandidates?: number;
  preemption?: Partial<PreemptionSwitches>;
  execImage?: string;
}

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
}

function jobRef(job: NomadJob): JobRef {
  return {
    name: job.metadata.name ?? '',
    namespace: job.metadata.namespace,
    uid: job.metadata.uid ?? '',
    generation: job.metadata.generation,
    spec: job.spec,
    deleting: job.metadata.deletionTimestamp !== undefined,
    parentId: job.status?.parent,
  };
}

function nodeStates(view: ClusterView): Record<string, NodeState> {
  const out: Record<string, NodeState> = {};
  for (const n of view.nodes()) out[n.fingerprint.name] = n.ready ? 'ready' : 'not-ready';
  return out;
}

/** Reconciles one NomadJob. */
export class NomadJobReconciler {
  /** The job_summary series set per job, removed when the job goes. */
  private readonly summarySeries = new Map<string, Array<Record<'namespace' | 'job' | 'task_group' | 'status', string>>>();

  constructor(private readonly d: ReconcilerDeps) {}

  /** The reconcile entry point for the work queue. */
  async reconcile(key: string): Promise<ReconcileResult | void> {
    const job = this.d.store.job(key);
    if (!job) {
      this.d.blocked.delete(key);
      for (const labels of this.summarySeries.get(key) ?? []) this.d.metrics.jobSummary.remove(labels);
      this.summarySeries.delete(key);
      return; // deleted: kube-controller-manager garbage-collects its pods through ownerReferences
    }
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

  private async reconcileJob(key: string, job: NomadJob): Promise<ReconcileResult | void> {
    const problems = !job.spec.groups?.length && job.spec.hcl ? ['spec.hcl was not translated: is the kubenomad admission webhook installed?'] : checkDrivers(job.spec);
    if (problems.length > 0) return this.recordInvalid(job, problems);
    const ref = jobRef(job);
    const now = new Date();
    const pods = this.d.store.pods(key);
    const nodes = nodeStates(this.d.view);
    const isSystem = job.spec.type === 'system' || job.spec.type === 'sysbatch';
    const systemPlans = isSystem && !isParentJob(ref) ? this.systemPlans(job, pods, now) : undefined;
    const feasibleNodes = systemPlans ? this.feasible(systemPlans, pods) : undefined;
    const generations = parseGenerations(job.metadata.annotations?.[GENERATIONS_ANNOTATION]);
    const plan = planJob({ job: ref, pods: pods.map(observePod), nodes, feasibleNodes, generations, now });
    await this.stopAllocations(job, plan);
    await this.bindStrayPods(job, pods);
    const { failures, placed } = this.place(job, plan, systemPlans, now);
    const results = await applyAllocations(this.d, job, ref, placed, this.d.settings.execImage);
    failures.push(...results.failures);
    if (placed.length > 0) await this.event(job, 'Normal', 'Placed', placementSummary(placed));
    await this.recordGenerations(job, plan, generations);
    await this.recordStatus(job, ref, plan, feasibleNodes, failures, now);
    if (failures.length > 0) this.d.blocked.add(key);
    else this.d.blocked.delete(key);
    const requeue = [plan.requeueAfterMs, failures.length > 0 ? 30_000 : undefined].filter((x): x is number => x !== undefined);
    return requeue.length ? { requeueAfterMs: Math.min(...requeue) } : undefined;
  }

  private options(job: NomadJob): PlacementOptions {
    return {
      seed: sha256Hex(`${keyOf(job)}/${job.metadata.resourceVersion ?? ''}`).slice(0, 12),
      algorithm: this.d.settings.algorithm,
      preemption: this.d.settings.preemption,
      scanLimit: this.d.settings.scanLimit,
      bestFitCandidates: this.d.settings.bestFitCandidates,
    };
  }

  /** System jobs: one engine pass per group over every node, with the job's own allocations set aside. */
  private systemPlans(job: NomadJob, pods: V1Pod[], now: Date): Map<string, PlacementPlan> {
    const plans = new Map<string, PlacementPlan>();
    const ns = job.metadata.namespace ?? 'default';
    const own = pods.map((p) => `${ns}/${p.metadata?.name}`);
    const state = this.d.view.snapshot(now.getTime());
    for (const group of job.spec.groups ?? []) {
      const request = { job: placementJob(job.metadata.name ?? '', ns, job.spec), group: placementGroup(group), stopping: own };
      plans.set(group.name, placeSystem(state, request, this.options(job)));
    }
    return plans;
  }

  /** Feasible nodes per system group: where the engine can place one, plus where one already runs on a ready node. */
  private feasible(plans: Map<string, PlacementPlan>, pods: V1Pod[]): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [group, plan] of plans) {
      const names = new Set(plan.placements.map((p) => p.nodeName));
      for (const pod of pods) {
        const node = pod.spec?.nodeName ? this.d.view.node(pod.spec.nodeName) : undefined;
        if (node?.ready && node.schedulable && pod.metadata?.labels?.[GROUP_LABEL] === group) names.add(node.fingerprint.name);
      }
      out[group] = [...names].sort();
    }
    return out;
  }

  private async stopAllocations(job: NomadJob, plan: JobPlan): Promise<void> {
    const ns = job.metadata.namespace ?? 'default';
    for (const s of plan.stop) {
      await this.d.api.deletePod(ns, s.podName);
      this.d.view.forget(`${ns}/${s.podName}`);
    }
  }

  /** Pods the operator created but did not bind (it stopped in between): bind them to their target node. */
  private async bindStrayPods(job: NomadJob, pods: V1Pod[]): Promise<void> {
    const ns = job.metadata.namespace ?? 'default';
    for (const pod of pods) {
      if (pod.spec?.nodeName || pod.metadata?.deletionTimestamp || pod.status?.phase !== 'Pending') continue;
      const target = pod.metadata?.annotations?.[TARGET_NODE_ANNOTATION];
      const node = target ? this.d.view.node(target) : undefined;
      try {
        if (node?.ready) await this.d.api.bindPod(ns, pod.metadata?.name ?? '', pod.metadata?.uid, target!);
        else await this.d.api.deletePod(ns, pod.metadata?.name ?? '', pod.metadata?.uid);
      } catch (err) {
        this.d.log.warn({ job: keyOf(job), pod: pod.metadata?.name, err: toApiError(err).message }, 'could not bind an unbound allocation pod');
      }
    }
  }

  /** Runs the engine for what must be created and assumes each placement before any await. */
  private place(job: NomadJob, plan: JobPlan, systemPlans: Map<string, PlacementPlan> | undefined, now: Date): { failures: StatusFailure[]; placed: PlacedAlloc[] } {
    const ns = job.metadata.namespace ?? 'default';
    const failures: StatusFailure[] = [];
    const placed: PlacedAlloc[] = [];
    const pjob = placementJob(job.metadata.name ?? '', ns, job.spec);
    const byGroup = new Map<string, AllocToCreate[]>();
    for (const c of plan.create) byGroup.set(c.group, [...(byGroup.get(c.group) ?? []), c]);
    for (const [groupName, creates] of byGroup) {
      const group = job.spec.groups?.find((g) => g.name === groupName);
      if (!group) continue;
      const pgroup = placementGroup(group);
      const result = systemPlans?.get(groupName) ?? this.placeGroup(job, pgroup, creates, plan, now);
      const byName = new Map(result.placements.map((p) => [systemPlans ? p.nodeName : p.name, p]));
      for (const alloc of creates) {
        const placement = byName.get(systemPlans ? (alloc.node ?? '') : alloc.allocName);
        const node = placement ? this.d.view.node(placement.nodeName) : undefined;
        if (!placement || !node) continue;
        const id = `${ns}/${alloc.podName}`;
        this.d.view.assume(assumedAllocation(id, ns, pjob, pgroup, placement, node), now.getTime());
        placed.push({ alloc, placement, node, priority: pjob.priority ?? 50 });
      }
      if (!systemPlans) failures.push(...result.failures.map(statusFailure));
      else failures.push(...result.failures.filter((f) => f.reason !== 'all-nodes-filtered').map(statusFailure));
      this.d.metrics.placements.inc({ result: 'placed' }, placed.length);
      this.d.metrics.placements.inc({ result: 'failed' }, result.failures.reduce((n, f) => n + f.names.length, 0));
    }
    return { failures, placed };
  }

  private placeGroup(job: NomadJob, group: ReturnType<typeof placementGroup>, creates: AllocToCreate[], plan: JobPlan, now: Date): PlacementPlan {
    const ns = job.metadata.namespace ?? 'default';
    const request = {
      job: placementJob(job.metadata.name ?? '', ns, job.spec),
      group,
      asks: creates.map((c) => ({
        name: c.allocName,
        penaltyNodeIds: c.previous?.node ? [this.d.view.node(c.previous.node)?.fingerprint.id ?? c.previous.node] : undefined,
      })),
      stopping: plan.stop.filter((s) => s.group === group.name).map((s) => `${ns}/${s.podName}`),
    };
    const stopTimer = this.d.metrics.placementLatency.startTimer();
    try {
      return placeAllocations(this.d.view.snapshot(now.getTime()), request, this.options(job));
    } finally {
      stopTimer();
    }
  }

  private async recordGenerations(job: NomadJob, plan: JobPlan, previous: Record<string, number>): Promise<void> {
    const next = formatGenerations(plan.generations);
    if (next === formatGenerations(previous)) return;
    await this.d.api.patchMetadata('nomadjobs', job.metadata.namespace ?? 'default', job.metadata.name ?? '', { annotations: { [GENERATIONS_ANNOTATION]: next } });
  }

  private async recordStatus(job: NomadJob, ref: JobRef, plan: JobPlan, feasibleNodes: Record<string, string[]> | undefined, failures: StatusFailure[], now: Date): Promise<void> {
    const pods = this.d.store.pods(keyOf(job)).map(observePod);
    const next: NomadJobStatus = buildStatus({ job: ref, pods, nodes: nodeStates(this.d.view), plan, feasibleNodes, placementFailures: failures, previous: job.status, now });
    const series: Array<Record<'namespace' | 'job' | 'task_group' | 'status', string>> = [];
    for (const [group, counts] of Object.entries(next.summary ?? {})) {
      for (const [status, n] of Object.entries(counts)) {
        const labels = { namespace: job.metadata.namespace ?? 'default', job: job.metadata.name ?? '', task_group: group, status };
        this.d.metrics.jobSummary.set(labels, n);
        series.push(labels);
      }
    }
    this.summarySeries.set(keyOf(job), series);
    if (!statusNeedsPatch(job.status, next)) return;
    await this.d.api.patchStatus('nomadjobs', job.metadata.namespace ?? 'default', job.metadata.name ?? '', next);
    const newlyFailed = failures.length > 0 && !(job.status?.placementFailures?.length);
    if (newlyFailed) await this.event(job, 'Warning', 'FailedPlacement', failures.map((f) => f.message).join('\n'));
  }

  private async event(job: NomadJob, type: 'Normal' | 'Warning', reason: string, note: string): Promise<void> {
    const target = { apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', namespace: job.metadata.namespace ?? 'default', name: job.metadata.name ?? '', uid: job.metadata.uid };
    await this.d.api.event(target, type, reason, note).catch((err: unknown) => this.d.log.debug({ err: String(err) }, 'event not recorded'));
  }

  private async recordInvalid(job: NomadJob, problems: string[]): Promise<ReconcileResult | void> {
    const next = errorStatus(job, problems, new Date());
    if (statusNeedsPatch(job.status, next)) {
      await this.d.api.patchStatus('nomadjobs', job.metadata.namespace ?? 'default', job.metadata.name ?? '', next);
      await this.event(job, 'Warning', 'InvalidJob', problems.join('; '));
    }
  }
}

/** One line per group: how many allocations went to which nodes. */
function placementSummary(placed: PlacedAlloc[]): string {
  const byGroup = new Map<string, Map<string, number>>();
  for (const p of placed) {
    const nodes = byGroup.get(p.alloc.group) ?? new Map<string, number>();
    nodes.set(p.placement.nodeName, (nodes.get(p.placement.nodeName) ?? 0) + 1);
    byGroup.set(p.alloc.group, nodes);
  }
  return [...byGroup].map(([g, nodes]) => {
    const total = [...nodes.values()].reduce((a, b) => a + b, 0);
    const list = [...nodes].slice(0, 10).map(([n, c]) => `${n} (${c})`).join(', ');
    return `Placed ${total} allocation${total === 1 ? '' : 's'} of group "${g}" on ${list}${nodes.size > 10 ? ', …' : ''}`;
  }).join('\n');
}

export { PRIORITY_LABEL };
