/**
 * `kubenomad plan`: what `nomad job plan` shows, on a snapshot of the cluster read once: the diff against the
 * stored NomadJob, the planner's creates/stops per group, and the scheduler dry-run from the placement engine.
 */
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import type { NomadJob, NomadJobSpec } from '../crds/nomadjob-types.js';
import { ClusterView } from '../controllers/cluster/cluster-view.js';
import { GENERATIONS_ANNOTATION } from '../controllers/nomadjob/labels.js';
import { jobSelector, observePod, parseGenerations, planJob, type JobPlan, type JobRef, type NodeState } from '../controllers/nomadjob/index.js';
import { placementGroup, placementJob } from '../controllers/nomadjob/placement-request.js';
import { formatDryRun, placeAllocations, placeSystem, type PlacementPlan } from '../placement/index.js';
import { loadJobspec, processIo, type Io, type VarOptions } from './convert.js';
import { formatJobDiff, matches, type GroupUpdates } from './plan-diff.js';

/** The cluster reads `plan` makes, once each. */
export interface PlanReader {
  readJob(namespace: string, name: string): Promise<NomadJob | undefined>;
  listNodes(): Promise<V1Node[]>;
  listPods(): Promise<V1Pod[]>;
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
}

/** The text and Nomad's exit code (1 when allocations would be created or destroyed). */
export interface PlanOutput {
  text: string;
  changes: boolean;
}

function ownPods(s: PlanSnapshot): V1Pod[] {
  const [key, value] = jobSelector(s.name).split('=');
  return s.pods.filter((p) => p.metadata?.namespace === s.namespace && p.metadata?.labels?.[key ?? ''] === value);
}

function systemPlans(view: ClusterView, s: PlanSnapshot, own: V1Pod[]): Map<string, PlacementPlan> {
  const plans = new Map<string, PlacementPlan>();
  const stopping = own.map((p) => `${s.namespace}/${p.metadata?.name}`);
  for (const group of s.spec.groups ?? []) {
    const request = { job: placementJob(s.name, s.namespace, s.spec), group: placementGroup(group), stopping };
    plans.set(group.name, placeSystem(view.snapshot(s.now.getTime()), request, { seed: `plan/${s.name}` }));
  }
  return plans;
}

function countPlans(view: ClusterView, s: PlanSnapshot, plan: JobPlan): PlacementPlan[] {
  const out: PlacementPlan[] = [];
  for (const group of s.spec.groups ?? []) {
    const creates = plan.create.filter((c) => c.group === group.name);
    if (creates.length === 0) continue;
    const request = {
      job: placementJob(s.name, s.namespace, s.spec),
      group: placementGroup(group),
      asks: creates.map((c) => ({ name: c.allocName })),
      stopping: plan.stop.filter((x) => x.group === group.name).map((x) => `${s.namespace}/${x.podName}`),
    };
    out.push(placeAllocations(view.snapshot(s.now.getTime()), request, { seed: `plan/${s.name}` }));
  }
  return out;
}

function groupUpdates(s: PlanSnapshot, plan: JobPlan, own: V1Pod[]): Record<string, GroupUpdates> {
  const out: Record<string, GroupUpdates> = {};
  const get = (g: string): GroupUpdates => (out[g] ??= { create: 0, destroy: 0, inPlace: 0, destructive: 0, ignore: 0 });
  for (const c of plan.create) get(c.group)[c.reason === 'spec-change' ? 'destructive' : 'create'] += 1;
  for (const x of plan.stop) if (x.reason !== 'spec-change' && x.reason !== 'replaced') get(x.group).destroy += 1;
  countKept(s, plan, own, get);
  return out;
}

/** Kept allocations: ignored when their group is unchanged, updated in place otherwise. */
function countKept(s: PlanSnapshot, plan: JobPlan, own: V1Pod[], get: (g: string) => GroupUpdates): void {
  const groupOf = new Map(own.map((p) => [p.metadata?.name ?? '', p.metadata?.labels?.['kubenomad.io/group'] ?? '']));
  for (const podName of plan.keep) {
    const g = groupOf.get(podName) ?? '';
    const before = s.existing?.spec.groups?.find((x) => x.name === g);
    const after = s.spec.groups?.find((x) => x.name === g);
    get(g)[before && matches(after, before) ? 'ignore' : 'inPlace'] += 1;
  }
}

function observe(s: PlanSnapshot): { view: ClusterView; nodes: Record<string, NodeState> } {
  const view = new ClusterView();
  s.nodes.forEach((n) => view.upsertNode(n));
  s.pods.forEach((p) => view.upsertPod(p));
  const nodes: Record<string, NodeState> = {};
  for (const n of view.nodes()) nodes[n.fingerprint.name] = n.ready ? 'ready' : 'not-ready';
  return { view, nodes };
}

function jobRef(s: PlanSnapshot): JobRef {
  const md = s.existing?.metadata;
  return { name: s.name, namespace: s.namespace, uid: md?.uid ?? 'plan', generation: md?.generation, spec: s.spec };
}

/** Plans a job against a snapshot: diff, planner decisions and the placement engine's dry-run. */
export function planSnapshot(s: PlanSnapshot): PlanOutput {
  const { view, nodes } = observe(s);
  const own = ownPods(s);
  const system = s.spec.type === 'system' || s.spec.type === 'sysbatch';
  const sys = system ? systemPlans(view, s, own) : undefined;
  const feasibleNodes = sys ? Object.fromEntries([...sys].map(([g, p]) => [g, p.placements.map((x) => x.nodeName).sort()])) : undefined;
  const ref = jobRef(s);
  const generations = parseGenerations(s.existing?.metadata.annotations?.[GENERATIONS_ANNOTATION]);
  const plan = planJob({ job: ref, pods: own.map(observePod), nodes, feasibleNodes, generations, now: s.now });
  const plans = sys ? [...sys.values()] : countPlans(view, s, plan);
  const diff = formatJobDiff(s.name, s.existing?.spec, s.spec, groupUpdates(s, plan, own));
  const text = `${diff}\n\n${formatDryRun(plans, s.spec.type ?? 'service')}\n`;
  return { text, changes: plan.create.length > 0 || plan.stop.length > 0 };
}

/** `kubenomad plan`: exit code 0 (no allocation changes), 1 (changes) or 255 (error), as Nomad. */
export async function runPlan(file: string, opts: VarOptions & { namespace?: string }, reader: PlanReader, io: Io = processIo): Promise<number> {
  const loaded = await loadJobspec(file, opts, io);
  if (!loaded) return 255;
  const namespace = opts.namespace ?? 'default';
  const [existing, nodes, pods] = await Promise.all([reader.readJob(namespace, loaded.jobName), reader.listNodes(), reader.listPods()]);
  const out = planSnapshot({ name: loaded.jobName, namespace, spec: loaded.spec, existing, nodes, pods, now: new Date() });
  io.out(out.text);
  io.out(`\nTo submit the job, run:\nkubenomad run -n ${namespace} ${file}\n`);
  return out.changes ? 1 : 0;
}
