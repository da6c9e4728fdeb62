/** `kubenomad status`: Nomad's `job status` layouts (command/job_status.go) from a NomadJob and its pods. Formatting is pure. */
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import type { GroupSummary, NomadJob } from '../crds/nomadjob-types.js';
import { ALLOC_ID_LABEL, GROUP_LABEL } from '../controllers/nomadjob/labels.js';
import { allocStatus, jobSelector, observePod, type NodeState } from '../controllers/nomadjob/index.js';
import { childrenOf, formatChildren, isParent } from './children.js';
import { columnize, formatKV } from './columns.js';
import { processIo, type Io } from './convert.js';
import { formatLatestDeployment } from './deployment.js';
import { formatted, type OutputFlags } from './output.js';

export { columnize, formatKV } from './columns.js';

/** Nomad's job type column: `batch/periodic`, `batch/parameterized`, or the type. */
export function jobTypeLabel(job: NomadJob): string {
  const type = job.spec.type ?? 'service';
  if (job.spec.periodic) return `${type}/periodic`;
  if (job.spec.parameterized) return `${type}/parameterized`;
  return type;
}

function jobStatusOf(job: NomadJob): string {
  return job.spec.stop ? 'dead (stopped)' : (job.status?.status ?? 'pending');
}

/** The job list (`nomad job status` without a job). */
export function formatJobList(jobs: NomadJob[]): string {
  if (jobs.length === 0) return 'No running jobs';
  const rows = jobs.map((j) => [j.spec.id ?? j.metadata.name ?? '', jobTypeLabel(j), String(j.spec.priority ?? 50), jobStatusOf(j), j.metadata.creationTimestamp ?? '']);
  return columnize([['ID', 'Type', 'Priority', 'Status', 'Submit Date'], ...rows]);
}

const ZERO: GroupSummary = { queued: 0, starting: 0, running: 0, failed: 0, complete: 0, lost: 0 };

function summaryTable(job: NomadJob): string {
  const names = (job.spec.groups ?? []).map((g) => g.name);
  const summary = job.status?.summary ?? {};
  const rows = names.map((g) => {
    const s = summary[g] ?? ZERO;
    return [g, s.queued, s.starting, s.running, s.failed, s.complete, s.lost].map(String);
  });
  return columnize([['Task Group', 'Queued', 'Starting', 'Running', 'Failed', 'Complete', 'Lost'], ...rows]);
}

function allocationTable(pods: V1Pod[], nodes: Readonly<Record<string, NodeState>>): string {
  if (pods.length === 0) return 'No allocations placed';
  const sorted = [...pods].sort((a, b) => String(b.metadata?.creationTimestamp ?? '').localeCompare(String(a.metadata?.creationTimestamp ?? '')));
  const rows = sorted.map((p) => {
    const observed = observePod(p);
    const labels = observed.labels;
    return [
      (labels[ALLOC_ID_LABEL] ?? observed.name).slice(0, 8),
      observed.nodeName ?? '<none>',
      labels[GROUP_LABEL] ?? '',
      observed.deletionTimestamp ? 'stop' : 'run',
      allocStatus(observed, nodes),
      observed.creationTimestamp ?? '',
    ];
  });
  return columnize([['ID', 'Node ID', 'Task Group', 'Desired', 'Status', 'Created At'], ...rows]);
}

function jobId(job: NomadJob): string {
  return job.spec.id ?? job.metadata.name ?? '';
}

function header(job: NomadJob): string {
  return formatKV([
    ['ID', jobId(job)],
    ['Name', job.spec.name ?? jobId(job)],
    ['Submit Date', job.metadata.creationTimestamp ?? ''],
    ['Type', job.spec.type ?? 'service'],
    ['Priority', String(job.spec.priority ?? 50)],
    ['Datacenters', (job.spec.datacenters ?? ['*']).join(',')],
    ['Namespace', job.metadata.namespace ?? 'default'],
    ['Node Pool', job.spec.nodePool ?? 'default'],
    ['Status', jobStatusOf(job)],
    ['Periodic', String(job.spec.periodic !== undefined)],
    ['Parameterized', String(job.spec.parameterized !== undefined)],
  ]);
}

/** `nomad job status <job>`: header, Summary, Placement Failure (if any) and Allocations; a parent's children instead. */
export function formatJobStatus(job: NomadJob, pods: V1Pod[], nodes: Readonly<Record<string, NodeState>>, children?: NomadJob[]): string {
  if (children !== undefined && isParent(job)) return `${[header(job), ...formatChildren(job, children)].join('\n\n')}\n`;
  const sections = [header(job), `Summary\n${summaryTable(job)}`];
  const failures = job.status?.placementFailures ?? [];
  if (failures.length > 0) sections.push(`Placement Failure\n${failures.map((f) => f.message).join('\n')}`);
  if (job.status?.deployment) sections.push(formatLatestDeployment(job.status.deployment));
  sections.push(`Allocations\n${allocationTable(pods, nodes)}`);
  return `${sections.join('\n\n')}\n`;
}

/** The cluster reads `status` makes. */
export interface StatusReader {
  readJob(namespace: string, name: string): Promise<NomadJob | undefined>;
  listJobs(namespace: string): Promise<NomadJob[]>;
  listPods(namespace: string, labelSelector: string): Promise<V1Pod[]>;
  listNodes(): Promise<V1Node[]>;
}

/** Node name → ready or not, from Node conditions. */
export function nodeStates(nodes: V1Node[]): Record<string, NodeState> {
  const out: Record<string, NodeState> = {};
  for (const n of nodes) {
    const ready = n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    out[n.metadata?.name ?? ''] = ready ? 'ready' : 'not-ready';
  }
  return out;
}

/** `kubenomad status [job]`: exit code 0, or 1 when the job does not exist. */
export async function runStatus(job: string | undefined, opts: { namespace?: string } & OutputFlags, reader: StatusReader, io: Io = processIo): Promise<number> {
  const namespace = opts.namespace ?? 'default';
  if (!job) {
    const jobs = await reader.listJobs(namespace);
    io.out(formatted(jobs, opts) ?? `${formatJobList(jobs)}\n`);
    return 0;
  }
  const found = await reader.readJob(namespace, job);
  if (!found) {
    io.err(`No job(s) with prefix or id "${job}" found in namespace "${namespace}"\n`);
    return 1;
  }
  const asked = formatted(found, opts);
  if (asked !== undefined) {
    io.out(asked);
    return 0;
  }
  const [pods, nodes, children] = await Promise.all([
    reader.listPods(namespace, jobSelector(job)), reader.listNodes(), isParent(found) ? reader.listJobs(namespace).then((all) => childrenOf(found, all)) : undefined,
  ]);
  io.out(formatJobStatus(found, pods, nodeStates(nodes), children));
  return 0;
}
