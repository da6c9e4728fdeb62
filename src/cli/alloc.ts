/**
 * `kubenomad alloc status <alloc>`: Nomad's `alloc status` layout for one allocation pod — identity, client status
 * and why, restarts per task, and the reschedule history (previous and next allocation, past reschedule events,
 * when the next reschedule is due). Formatting is pure; `now` comes in.
 */
import type { V1ContainerStatus, V1Node, V1Pod } from '@kubernetes/client-node';
import type { NomadJob } from '../crds/nomadjob-types.js';
import {
  ALLOC_ID_LABEL, ALLOC_NAME_ANNOTATION, JOB_LABEL, PREVIOUS_ALLOC_ANNOTATION, RESTART_EXHAUSTED_ANNOTATION,
} from '../controllers/nomadjob/labels.js';
import { allocStatus, finishedAt, observePod, toAlloc, type NodeState } from '../controllers/nomadjob/observed.js';
import { decideReschedule, resolveReschedule } from '../controllers/nomadjob/reschedule.js';
import { processIo, type Io } from './convert.js';
import { columnize, formatKV, nodeStates } from './status.js';

/** The reads `alloc status` makes. */
export interface AllocReader {
  listPods(namespace: string): Promise<V1Pod[]>;
  readJob(namespace: string, name: string): Promise<NomadJob | undefined>;
  listNodes(): Promise<V1Node[]>;
}

const idOf = (p: V1Pod): string => p.metadata?.labels?.[ALLOC_ID_LABEL] ?? '';

/** The reschedule line: events so far out of the policy's attempts (`unlimited` when so). */
function rescheduleAttempts(job: NomadJob | undefined, pod: V1Pod): string {
  const alloc = toAlloc(observePod(pod));
  const group = job?.spec.groups?.find((g) => g.name === alloc?.group);
  const used = alloc?.events.length ?? 0;
  if (!job || !group) return String(used);
  const policy = resolveReschedule(job.spec, group);
  return policy.unlimited ? `${used}/unlimited` : `${used}/${policy.attempts}`;
}

/** When a failed allocation will be replaced, if it waits for its reschedule delay. */
function nextReschedule(job: NomadJob | undefined, pod: V1Pod, replaced: boolean, now: Date): string | undefined {
  const observed = observePod(pod);
  const alloc = toAlloc(observed);
  const group = job?.spec.groups?.find((g) => g.name === alloc?.group);
  if (!job || !group || !alloc || replaced || observed.phase !== 'Failed') return undefined;
  const decision = decideReschedule(resolveReschedule(job.spec, group), alloc.events, finishedAt(observed), now.getTime());
  if (decision.kind === 'exhausted') return 'none (reschedule attempts used up)';
  return decision.kind === 'wait' ? new Date(now.getTime() + decision.waitMs).toISOString() : 'now';
}

function taskRow(c: V1ContainerStatus): string[] {
  const term = c.state?.terminated ?? c.lastState?.terminated;
  const state = c.state?.running ? 'running' : c.state?.terminated ? 'dead' : 'pending';
  const last = c.lastState?.terminated?.finishedAt;
  const exit = term?.exitCode;
  return [c.name, state, String(c.restartCount ?? 0), last ? new Date(last).toISOString() : '-', exit === undefined ? '-' : String(exit)];
}

function taskTable(pod: V1Pod): string {
  const rows = (pod.status?.containerStatuses ?? []).map(taskRow);
  return rows.length === 0 ? 'No task states' : columnize([['Task', 'State', 'Restarts', 'Last Restart', 'Exit Code'], ...rows]);
}

function eventTable(pod: V1Pod): string | undefined {
  const events = toAlloc(observePod(pod))?.events ?? [];
  if (events.length === 0) return undefined;
  const rows = events.map((e) => [new Date(e.at).toISOString(), `${e.delayMs / 1000}s`, (e.prevAllocId ?? '-').slice(0, 8), e.prevNode ?? '-']);
  return columnize([['Time', 'Delay', 'Previous Alloc', 'Previous Node'], ...rows]);
}

const annotation = (pod: V1Pod, key: string): string | undefined => pod.metadata?.annotations?.[key];

/** Why the allocation is in its state: kubenomad's reason for failing it, else the pod's. */
function description(pod: V1Pod): string {
  return annotation(pod, RESTART_EXHAUSTED_ANNOTATION) ?? pod.status?.message ?? pod.status?.reason ?? '-';
}

/** Nomad's `alloc status` for `pod`; `siblings` are the job's other pods (to find the next allocation). */
export function formatAllocStatus(pod: V1Pod, siblings: V1Pod[], job: NomadJob | undefined, nodes: Readonly<Record<string, NodeState>>, now: Date): string {
  const observed = observePod(pod);
  const next = siblings.find((p) => annotation(p, PREVIOUS_ALLOC_ANNOTATION) === idOf(pod));
  const pairs: Array<[string, string]> = [
    ['ID', idOf(pod)],
    ['Name', annotation(pod, ALLOC_NAME_ANNOTATION) ?? observed.name],
    ['Pod', observed.name],
    ['Node Name', observed.nodeName ?? '<none>'],
    ['Job ID', job?.spec.id ?? observed.labels[JOB_LABEL] ?? ''],
    ['Client Status', allocStatus(observed, nodes)],
    ['Client Description', description(pod)],
    ['Desired Status', observed.deletionTimestamp ? 'stop' : 'run'],
    ['Created', observed.creationTimestamp ?? ''],
    ['Reschedule Attempts', rescheduleAttempts(job, pod)],
    ['Previous Allocation', annotation(pod, PREVIOUS_ALLOC_ANNOTATION) ?? '-'],
    ['Next Allocation', next ? idOf(next) : '-'],
  ];
  const eligible = nextReschedule(job, pod, next !== undefined, now);
  if (eligible) pairs.push(['Reschedule Eligibility', eligible]);
  const sections = [formatKV(pairs), `Tasks\n${taskTable(pod)}`];
  const events = eventTable(pod);
  if (events) sections.push(`Reschedule Events\n${events}`);
  return `${sections.join('\n\n')}\n`;
}

/** The NomadJob owning an allocation pod. */
function jobNameOf(pod: V1Pod): string {
  return pod.metadata?.ownerReferences?.find((o) => o.kind === 'NomadJob')?.name ?? pod.metadata?.labels?.[JOB_LABEL] ?? '';
}

function ambiguity(prefix: string, namespace: string, matches: V1Pod[]): string {
  return matches.length === 0
    ? `No allocation(s) with prefix or id "${prefix}" found in namespace "${namespace}"\n`
    : `Prefix "${prefix}" matched ${matches.length} allocations: ${matches.map((p) => idOf(p).slice(0, 8)).join(', ')}\n`;
}

/** `kubenomad alloc status <alloc>`: the allocation whose ID (or pod name) starts with `prefix`; 1 when none or several. */
export async function runAllocStatus(prefix: string, opts: { namespace?: string }, reader: AllocReader, io: Io = processIo, now = new Date()): Promise<number> {
  const namespace = opts.namespace ?? 'default';
  const pods = (await reader.listPods(namespace)).filter((p) => idOf(p) !== '');
  const matches = pods.filter((p) => idOf(p).startsWith(prefix) || p.metadata?.name === prefix);
  const pod = matches.length === 1 ? matches[0] : undefined;
  if (!pod) {
    io.err(ambiguity(prefix, namespace, matches));
    return 1;
  }
  const [job, nodes] = await Promise.all([reader.readJob(namespace, jobNameOf(pod)), reader.listNodes()]);
  const siblings = pods.filter((p) => p.metadata?.labels?.[JOB_LABEL] === pod.metadata?.labels?.[JOB_LABEL]);
  io.out(formatAllocStatus(pod, siblings, job, nodeStates(nodes), now));
  return 0;
}
