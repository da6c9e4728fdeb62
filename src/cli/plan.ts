/**
 * `kubenomad plan`: what `nomad job plan` shows, on a snapshot of the cluster read once: the diff against the
 * stored NomadJob, the planner's creates/stops per group, and the scheduler dry-run. The decision is the operator's
 * own `scheduleJob`, with the operator's settings (flags or the same KUBENOMAD_* variables) and the seed the
 * operator will use, so on an unchanged cluster the placements shown are the placements made.
 */
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import type { NomadJob, NomadJobSpec } from '../crds/nomadjob-types.js';
import { ClusterView } from '../controllers/cluster/cluster-view.js';
import { canonicalJson } from '../controllers/nomadjob/hash.js';
import { GENERATIONS_ANNOTATION } from '../controllers/nomadjob/labels.js';
import { groupVersion, jobSelector, observePod, parseGenerations, type JobPlan, type JobRef } from '../controllers/nomadjob/index.js';
import { scheduleJob, type JobDecision, type JobObservation, type SchedulerSettings } from '../controllers/nomadjob/schedule.js';
import { defaultOperatorConfig } from '../operator/run.js';
import { formatDryRun } from '../placement/index.js';
import type { PlacementPlan } from '../placement/types.js';
import { columnize } from './columns.js';
import { loadJobspec, processIo, type Io, type VarOptions } from './convert.js';
import { formatJobDiff, matches, type GroupUpdates } from './plan-diff.js';

/** The cluster reads `plan` makes, once each. */
export interface PlanReader {
  readJob(namespace: string, name: string): Promise<NomadJob | undefined>;
  listNodes(): Promise<V1Node[]>;
  listPods(): Promise<V1Pod[]>;
}

/** Flags of `kubenomad plan`. */
export interface PlanOptions extends VarOptions {
  namespace?: string;
  verbose?: boolean;
  algorithm?: string;
  schedulerBestFit?: string;
  schedulerScanLimit?: string;
}

/** Everything the pure part of `plan` reads. */
export interface PlanSnapshot {
  name: string;
  namespace: string;
  spec: NomadJobSpec;
  existing?: NomadJob;
  nodes: V1Node[];
  pods: V1Pod[];
  now: Date;
  settings?: SchedulerSettings;
  verbose?: boolean;
}

/** The text and Nomad's exit code (1 when allocations would be created or destroyed). */
export interface PlanOutput {
  text: string;
  changes: boolean;
  decision: JobDecision;
  /** Per group: allocations created, destroyed, updated in place or destructively, and left alone. */
  updates: Record<string, GroupUpdates>;
}

function ownPods(s: PlanSnapshot): V1Pod[] {
  const [key, value] = jobSelector(s.name).split('=');
  return s.pods.filter((p) => p.metadata?.namespace === s.namespace && p.metadata?.labels?.[key ?? ''] === value);
}

function groupUpdates(s: PlanSnapshot, plan: JobPlan, own: V1Pod[]): Record<string, GroupUpdates> {
  const out: Record<string, GroupUpdates> = {};
  const get = (g: string): GroupUpdates => (out[g] ??= { create: 0, destroy: 0, inPlace: 0, destructive: 0, ignore: 0 });
  for (const c of plan.create) {
    const u = get(c.group);
    if (c.reason === 'canary') u.canary = (u.canary ?? 0) + 1;
    else u[c.reason === 'spec-change' ? 'destructive' : 'create'] += 1;
  }
  for (const x of plan.stop) if (x.reason !== 'spec-change' && x.reason !== 'replaced') get(x.group).destroy += 1;
  countKept(s, plan, own, get);
  return out;
}

/**
 * Kept allocations: ignored when their group is unchanged or when they are of an older version and wait for the
 * deployment's next step (Nomad counts destructive updates beyond max_parallel as ignored), updated in place otherwise.
 */
function countKept(s: PlanSnapshot, plan: JobPlan, own: V1Pod[], get: (g: string) => GroupUpdates): void {
  const byName = new Map(own.map((p) => [p.metadata?.name ?? '', p]));
  for (const podName of plan.keep) {
    const labels = byName.get(podName)?.metadata?.labels ?? {};
    const g = labels['kubenomad.io/group'] ?? '';
    get(g)[keptKind(s, g, labels['kubenomad.io/version'])] += 1;
  }
}

function keptKind(s: PlanSnapshot, g: string, version: string | undefined): 'ignore' | 'inPlace' {
  const before = s.existing?.spec.groups?.find((x) => x.name === g);
  const after = s.spec.groups?.find((x) => x.name === g);
  const waiting = after !== undefined && version !== groupVersion(s.spec, after);
  return waiting || (before && matches(after, before)) ? 'ignore' : 'inPlace';
}

function clusterOf(s: PlanSnapshot): ClusterView {
  const view = new ClusterView();
  s.nodes.forEach((n) => view.upsertNode(n));
  s.pods.forEach((p) => view.upsertPod(p));
  return view;
}

/** The job as the operator will see it once submitted: a new spec bumps metadata.generation (the seed's input). */
function jobRef(s: PlanSnapshot): JobRef {
  const md = s.existing?.metadata;
  const unchanged = s.existing !== undefined && canonicalJson(s.existing.spec) === canonicalJson(s.spec);
  const generation = md?.generation === undefined ? 1 : md.generation + (unchanged ? 0 : 1);
  return { name: s.name, namespace: s.namespace, uid: md?.uid ?? 'plan', generation, spec: s.spec };
}

/** Nomad's `Preemptions:` section (between the diff and the dry-run): the allocations this job would evict. */
export function formatPreemptionSection(plans: Pick<PlacementPlan, 'preemptions'>[]): string {
  const rows = plans.flatMap((p) => p.preemptions).map((v) => [v.allocId, v.jobId, v.group]);
  return rows.length === 0 ? '' : `Preemptions:\n\n${columnize([['Alloc ID', 'Job ID', 'Task Group'], ...rows])}\n\n`;
}

function placementLines(decision: JobDecision): string {
  const lines = decision.placed.map((p) => `  ${p.alloc.allocName} → ${p.placement.nodeName}`);
  return `\nPlacements (seed ${decision.seed}):\n${lines.join('\n') || '  (none)'}\n`;
}

/** What the operator will observe: the job with its pods and the memory its status keeps. */
function observation(s: PlanSnapshot, own: V1Pod[]): JobObservation {
  const status = s.existing?.status;
  const generations = { ...parseGenerations(s.existing?.metadata.annotations?.[GENERATIONS_ANNOTATION]), ...status?.allocGenerations };
  return { job: jobRef(s), pods: own.map(observePod), generations, createdSlots: status?.allocSlots, recorded: status, now: s.now };
}

/** Plans a job against a snapshot with the operator's own decision: diff, planner decisions and the dry-run. */
export function planSnapshot(s: PlanSnapshot): PlanOutput {
  const own = ownPods(s);
  const decision = scheduleJob(observation(s, own), clusterOf(s), s.settings ?? defaultOperatorConfig({}).scheduler);
  if (decision.invalid.length > 0) {
    return { text: `Job "${s.name}" cannot run as written:\n${decision.invalid.map((p) => `  * ${p}`).join('\n')}\n`, changes: false, decision, updates: {} };
  }
  const updates = groupUpdates(s, decision.plan, own);
  const diff = formatJobDiff(s.name, s.existing?.spec, s.spec, updates);
  const verbose = s.verbose ? placementLines(decision) : '';
  const text = `${diff}\n\n${formatPreemptionSection(decision.placements)}${formatDryRun(decision.placements, s.spec.type ?? 'service')}\n${verbose}`;
  return { text, changes: decision.plan.create.length > 0 || decision.plan.stop.length > 0, decision, updates };
}

/** The operator's settings, from the same KUBENOMAD_* variables, overridden by plan's flags. */
export function planSettings(opts: PlanOptions, env: NodeJS.ProcessEnv = process.env): SchedulerSettings {
  const settings = defaultOperatorConfig(env).scheduler;
  if (opts.algorithm === 'binpack' || opts.algorithm === 'spread') settings.algorithm = opts.algorithm;
  if (opts.schedulerBestFit !== undefined) settings.bestFitCandidates = Number(opts.schedulerBestFit);
  if (opts.schedulerScanLimit !== undefined) settings.scanLimit = Number(opts.schedulerScanLimit);
  return settings;
}

/** Nomad's closing lines: the job modify index (here the NomadJob's resourceVersion; 0 when new) and run -check-index. */
export function submitHint(namespace: string, file: string, index: string): string {
  return [
    '',
    `Job Modify Index: ${index}`,
    'To submit the job with version verification run:',
    '',
    `kubenomad run -n ${namespace} -check-index ${index} ${file}`,
    '',
    'When running the job with the check-index flag, the job will only be run if the',
    'job modify index given matches the server-side version. If the index has',
    'changed, another user has modified the job and the plan\'s results are',
    'potentially invalid.',
    '',
  ].join('\n');
}

/** `kubenomad plan`: exit code 0 (no allocation changes), 1 (changes) or 255 (error), as Nomad. */
export async function runPlan(file: string, opts: PlanOptions, reader: PlanReader, io: Io = processIo): Promise<number> {
  const loaded = await loadJobspec(file, opts, io);
  if (!loaded) return 255;
  const namespace = opts.namespace ?? 'default';
  const [existing, nodes, pods] = await Promise.all([reader.readJob(namespace, loaded.jobName), reader.listNodes(), reader.listPods()]);
  const snapshot = { name: loaded.jobName, namespace, spec: loaded.spec, existing, nodes, pods, now: new Date(), settings: planSettings(opts), verbose: opts.verbose };
  const out = planSnapshot(snapshot);
  io.out(out.text);
  if (out.decision.invalid.length > 0) return 255;
  io.out(submitHint(namespace, file, existing?.metadata.resourceVersion ?? '0'));
  return out.changes ? 1 : 0;
}
