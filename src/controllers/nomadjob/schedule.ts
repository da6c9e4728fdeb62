/**
 * The one scheduling decision (pure: no I/O, no clock): a job's observation in, the plan out — what to create
 * (placed, rendered, with the capacity each pod will hold), keep and stop, and why the rest cannot be placed. The
 * reconciler, `kubenomad plan` and the foreign-pod binder all decide through here, with the operator's settings.
 */
import type { NomadJobStatus, PlacementFailure as StatusFailure } from '../../crds/nomadjob-types.js';
import { placeAllocations, placeSystem } from '../../placement/index.js';
import type { ClusterState } from '../../placement/index.js';
import type { Allocation, GroupSpec, Node, Placement, PlacementOptions, PlacementPlan } from '../../placement/types.js';
import type { AlgorithmName, PreemptionSwitches } from '../../placement/types.js';
import { PRIORITY_LABEL } from '../cluster/pod-adapter.js';
import { trackDeployment, type DeploymentDecision } from './deployment.js';
import type { DeploymentRequests } from './deployment-requests.js';
import { sha256Hex } from './hash.js';
import { trackJobVersion, type JobVersionInfo } from './job-version.js';
import { jobTemplates } from './job-template.js';
import type { JobLimits } from './job-limits.js';
import { GROUP_LABEL, TARGET_NODE_ANNOTATION } from './labels.js';
import type { DrainSpec } from '../cluster/node-drain.js';
import { graceRecheckMs, nodeLiveness } from './node-lost.js';
import type { NodeState, ObservedPod } from './observed.js';
import { isParentJob } from './plan-context.js';
import type { AllocToCreate, JobPlan, JobRef } from './plan-types.js';
import { planJob } from './plan.js';
import { assumedAllocation, placementGroup, placementJob, statusFailure } from './placement-request.js';
import { renderAllocPod } from './pod-template.js';
import type { PodManifest } from './pod-types.js';

/** Operator-level scheduling settings (flags of `kubenomad operator`; `kubenomad plan` reads the same). */
export interface SchedulerSettings {
  algorithm: AlgorithmName;
  /** Fitting nodes scored per placement; unset = Nomad's limit (2 batch, log2 n service). See docs/adr/0001. */
  scanLimit?: number;
  /** Binpack scores the K fullest fitting nodes (the operator's default is 2, ADR 0004); 0 or unset = Nomad's random sample. */
  bestFitCandidates?: number;
  preemption?: Partial<PreemptionSwitches>;
  execImage?: string;
  /** Allocations placed per job per pass (default 500): a huge job proceeds in batches, the event loop stays free. */
  placementBatch?: number;
  /** Bounds of one job (default DEFAULT_JOB_LIMITS); a job over them is invalid. */
  limits?: JobLimits;
  /**
   * How allocation pods reach their node (ADR 0003): `node-name` (default) creates the pod with `spec.nodeName` set —
   * one write, and no window in which a pod exists unbound; `binding` creates it, then binds it through
   * `pods/binding` (for clusters whose admission policies refuse `nodeName` at create).
   */
  bindMode?: BindMode;
  /** How long a NotReady node's allocations still count as running before they are lost (node-lost.ts; default 10s). */
  nodeLostGraceMs?: number;
}

/** How allocation pods are bound to the chosen node. */
export type BindMode = 'node-name' | 'binding';

/** The plan, reconciled again when a node holding one of its allocations reaches the end of its NotReady grace. */
function withGraceRecheck(plan: JobPlan, recheckMs: number | undefined): JobPlan {
  if (recheckMs === undefined) return plan;
  return { ...plan, requeueAfterMs: Math.min(plan.requeueAfterMs ?? Infinity, recheckMs) };
}

/** Default allocations placed per job per pass. */
export const DEFAULT_PLACEMENT_BATCH = 500;

/** The capacity the decision reads and records its placements in (the operator's ClusterView, or a snapshot's). */
export interface CapacityLedger {
  /** The engine's indexed state at `nowMs` (stale assumptions expired). */
  snapshot(nowMs: number): ClusterState;
  node(name: string): Node | undefined;
  nodes(): Node[];
  /** Counts a placed pod on its node until the pod itself is observed. */
  assume(alloc: Allocation, nowMs: number): void;
}

/** What one decision reads. */
export interface JobObservation {
  job: JobRef;
  /** The job's pods, terminating ones included. */
  pods: ObservedPod[];
  /** Highest generation per slot remembered from earlier passes. */
  generations: Readonly<Record<string, number>>;
  /** Per group, indexes created at least once (remembered from earlier passes). */
  createdSlots?: Readonly<Record<string, number>>;
  /** What the job's status records of its versions and deployment. */
  recorded?: Pick<NomadJobStatus, 'jobVersion' | 'specHash' | 'deployment' | 'versions'>;
  /** Promote, pause and fail requests on the job (annotations). */
  requests?: DeploymentRequests;
  now: Date;
}

/** An allocation with the engine's answer and the pod to create for it. */
export interface PlacedAlloc {
  alloc: AllocToCreate;
  placement: Placement;
  node: Node;
  pod: PodManifest;
}

/** The decision. */
export interface JobDecision {
  /** The placement seed (recorded so the decision can be replayed). */
  seed: string;
  /** Why the job can never run as written (nothing is planned then); empty when valid. */
  invalid: string[];
  plan: JobPlan;
  /** The job version of the spec. */
  version: JobVersionInfo;
  /** The deployment as this pass leaves it, and the destructive updates it allowed. */
  rollout: DeploymentDecision;
  /** System and sysbatch: feasible nodes per group. */
  feasibleNodes?: Record<string, string[]>;
  placed: PlacedAlloc[];
  /** Allocations that could not be placed, with Nomad's explanation. */
  failures: StatusFailure[];
  /** The engine's plans per group (for `plan`'s dry-run). */
  placements: PlacementPlan[];
}

/** The placement seed of a job's decisions: stable for one generation of one job, so `plan` can predict it. */
export function decisionSeed(job: Pick<JobRef, 'namespace' | 'name' | 'generation'>): string {
  return sha256Hex(`${job.namespace ?? 'default'}/${job.name}@${job.generation ?? 1}`).slice(0, 12);
}

/** The engine options of every decision: the operator's settings and the decision's seed. */
export function placementOptions(settings: SchedulerSettings, seed: string): PlacementOptions {
  return { seed, algorithm: settings.algorithm, preemption: settings.preemption, scanLimit: settings.scanLimit, bestFitCandidates: settings.bestFitCandidates };
}


const emptyPlan = (): JobPlan => ({ create: [], keep: [], stop: [], waiting: [], exhausted: [], generations: {}, createdSlots: {}, deferred: 0, deferredByGroup: {} });

/** Decides a job: validate (render), plan, place, render for the chosen nodes, and assume each placement. */
export function scheduleJob(obs: JobObservation, ledger: CapacityLedger, settings: SchedulerSettings): JobDecision {
  const seed = decisionSeed(obs.job);
  const templates = jobTemplates(obs.job, { execImage: settings.execImage }, settings.limits);
  const version = trackJobVersion(obs.job.spec, obs.recorded);
  if (!templates.ok) return { seed, invalid: templates.problems, plan: emptyPlan(), version, rollout: { budgets: {}, canaries: {} }, placed: [], failures: [], placements: [] };
  const groups = new Map((obs.job.spec.groups ?? []).map((g) => [g.name, placementGroup(g, templates.pods.get(g.name))]));
  const ctx: DecisionContext = { obs, ledger, settings, seed, groups, nowMs: obs.now.getTime() };
  const system = obs.job.spec.type === 'system' || obs.job.spec.type === 'sysbatch';
  const systemPlans = system && !isParentJob(obs.job) ? placeSystemGroups(ctx) : undefined;
  const feasibleNodes = systemPlans ? feasibleBySystemPlans(ctx, systemPlans) : undefined;
  const liveness = nodeLiveness(ledger.nodes(), ctx.nowMs, settings.nodeLostGraceMs);
  const rollout = deploymentStep(obs, liveness.states, version);
  const plan = withGraceRecheck(planJob({
    job: obs.job, pods: obs.pods, nodes: liveness.states, downSince: liveness.downSince, draining: drainingNodes(ledger.nodes()),
    feasibleNodes, generations: obs.generations, updateBudgets: rollout.budgets, canaries: rollout.canaries,
    createdSlots: obs.createdSlots, createLimit: settings.placementBatch ?? DEFAULT_PLACEMENT_BATCH, now: obs.now,
  }), graceRecheckMs(liveness, obs.pods, ctx.nowMs));
  const decision: JobDecision = { seed, invalid: [], plan, version, rollout, feasibleNodes, placed: [], failures: [], placements: [] };
  for (const [groupName, creates] of createsByGroup(plan)) {
    const group = groups.get(groupName);
    if (!group) continue;
    const result = systemPlans?.get(groupName) ?? placeCountGroup(ctx, group, creates, plan);
    acceptPlacements(ctx, decision, creates, result, systemPlans !== undefined);
  }
  if (systemPlans) decision.placements.push(...systemPlans.values());
  return decision;
}

/** The deployment's step in this pass (what the planner may replace). */
function deploymentStep(obs: JobObservation, nodes: Record<string, NodeState>, version: JobVersionInfo): DeploymentDecision {
  const { recorded, requests } = obs;
  return trackDeployment({ job: obs.job, pods: obs.pods, nodes, previous: recorded?.deployment, version, requests, history: recorded?.versions, now: obs.now });
}

interface DecisionContext {
  obs: JobObservation;
  ledger: CapacityLedger;
  settings: SchedulerSettings;
  seed: string;
  groups: Map<string, GroupSpec>;
  nowMs: number;
}

function createsByGroup(plan: JobPlan): Map<string, AllocToCreate[]> {
  const out = new Map<string, AllocToCreate[]>();
  for (const c of plan.create) {
    const list = out.get(c.group);
    if (list) list.push(c);
    else out.set(c.group, [c]);
  }
  return out;
}

function namespaceOf(ctx: DecisionContext): string {
  return ctx.obs.job.namespace ?? 'default';
}

/** System jobs: one engine pass per group over every node, with the job's own allocations set aside. */
function placeSystemGroups(ctx: DecisionContext): Map<string, PlacementPlan> {
  const ns = namespaceOf(ctx);
  const own = ctx.obs.pods.map((p) => `${ns}/${p.name}`);
  const state = ctx.ledger.snapshot(ctx.nowMs);
  const job = placementJob(ctx.obs.job.name, ns, ctx.obs.job.spec);
  const plans = new Map<string, PlacementPlan>();
  for (const [name, group] of ctx.groups) {
    plans.set(name, placeSystem(state, { job, group, stopping: own }, placementOptions(ctx.settings, ctx.seed)));
  }
  return plans;
}

/** Feasible nodes per system group: where the engine can place one, plus where one already runs on a ready node. */
/**
 * A system allocation already on a node stays there while the node is ineligible (Nomad does not stop allocations
 * for eligibility); on a draining node it stays with ignore_system, else until the drain's deadline.
 */
function systemAllocStays(node: Node, nowMs: number): boolean {
  if (!node.drain) return true;
  return node.drain.ignoreSystem || node.drain.deadlineMs === undefined || nowMs < node.drain.deadlineMs;
}

/** Draining nodes by name. */
function drainingNodes(nodes: Node[]): Record<string, DrainSpec> {
  const out: Record<string, DrainSpec> = {};
  for (const n of nodes) if (n.drain) out[n.fingerprint.name] = n.drain;
  return out;
}

function feasibleBySystemPlans(ctx: DecisionContext, plans: Map<string, PlacementPlan>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [group, plan] of plans) {
    const names = new Set(plan.placements.map((p) => p.nodeName));
    for (const pod of ctx.obs.pods) {
      const node = pod.nodeName ? ctx.ledger.node(pod.nodeName) : undefined;
      if (node?.ready && systemAllocStays(node, ctx.nowMs) && pod.labels[GROUP_LABEL] === group) names.add(node.fingerprint.name);
    }
    out[group] = [...names].sort();
  }
  return out;
}

function placeCountGroup(ctx: DecisionContext, group: GroupSpec, creates: AllocToCreate[], plan: JobPlan): PlacementPlan {
  const ns = namespaceOf(ctx);
  const request = {
    job: placementJob(ctx.obs.job.name, ns, ctx.obs.job.spec),
    group,
    asks: creates.map((c) => ({
      name: c.allocName,
      penaltyNodeIds: c.previous?.node ? [ctx.ledger.node(c.previous.node)?.fingerprint.id ?? c.previous.node] : undefined,
    })),
    stopping: plan.stop.filter((s) => s.group === group.name).map((s) => `${ns}/${s.podName}`),
  };
  return placeAllocations(ctx.ledger.snapshot(ctx.nowMs), request, placementOptions(ctx.settings, ctx.seed));
}

/** Renders each placed allocation for its node and assumes it in the ledger; the rest become failures. */
function acceptPlacements(ctx: DecisionContext, d: JobDecision, creates: AllocToCreate[], result: PlacementPlan, system: boolean): void {
  const byKey = new Map(result.placements.map((p) => [system ? p.nodeName : p.name, p]));
  const group = ctx.groups.get(result.group)!;
  for (const alloc of creates) {
    const placement = byKey.get(system ? (alloc.node ?? '') : alloc.allocName);
    const node = placement ? ctx.ledger.node(placement.nodeName) : undefined;
    if (!placement || !node) continue;
    const pod = renderFor(ctx, alloc, placement, node);
    if (typeof pod === 'string') {
      d.invalid.push(pod);
      continue;
    }
    ctx.ledger.assume(assumedAllocation(pod, node, group), ctx.nowMs);
    d.placed.push({ alloc, placement, node, pod });
  }
  const failures = system ? result.failures.filter((f) => f.reason !== 'all-nodes-filtered') : result.failures;
  d.failures.push(...failures.map(statusFailure));
  if (!system) d.placements.push(result);
}

/** The pod to create for a placed allocation: rendered for the node, marked with the node it holds. */
function renderFor(ctx: DecisionContext, alloc: AllocToCreate, placement: Placement, node: Node): PodManifest | string {
  const rendered = renderAllocPod({ job: ctx.obs.job, alloc, node: node.fingerprint, ports: placement.ports, options: { execImage: ctx.settings.execImage } });
  if (!rendered.ok) return rendered.errors.join('\n');
  return markForNode(rendered.pod, ctx.obs.job.spec.priority, placement.nodeName, ctx.settings.bindMode);
}

/** Marks a rendered allocation pod with its priority and the node it holds; in `node-name` bind mode, names the node. */
export function markForNode(pod: PodManifest, priority: number | undefined, nodeName: string, bindMode: SchedulerSettings['bindMode']): PodManifest {
  pod.metadata.labels = { ...pod.metadata.labels, [PRIORITY_LABEL]: String(priority ?? 50) };
  pod.metadata.annotations = { ...pod.metadata.annotations, [TARGET_NODE_ANNOTATION]: nodeName };
  if ((bindMode ?? 'node-name') === 'node-name') pod.spec.nodeName = nodeName;
  return pod;
}
