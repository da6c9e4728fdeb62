/** The children sections of `status` for a periodic or parameterized parent (Nomad's job_status.go layout). */
import type { NomadJob } from '../crds/nomadjob-types.js';
import { LABEL_PARENT_JOB, parentLabelValue } from '../controllers/periodic/naming.js';
import { columnize } from './columns.js';

/** Whether `job` launches children (and so has no allocations of its own). */
export const isParent = (job: NomadJob): boolean => job.spec.periodic !== undefined || job.spec.parameterized !== undefined;

/** The jobs of `all` launched by `parent` (label kubenomad.io/parent-job), newest first. */
export function childrenOf(parent: NomadJob, all: NomadJob[]): NomadJob[] {
  const label = parentLabelValue(parent.metadata.name ?? '');
  return all
    .filter((j) => j.metadata.labels?.[LABEL_PARENT_JOB] === label && j.metadata.name !== parent.metadata.name)
    .sort((a, b) => String(b.metadata.creationTimestamp ?? '').localeCompare(String(a.metadata.creationTimestamp ?? '')));
}

const statusOf = (j: NomadJob): string => (j.spec.stop ? 'dead' : (j.status?.status ?? 'pending'));

/** `Children Job Summary` (pending/running/dead counts) and the launched (periodic) or dispatched (parameterized) list. */
export function formatChildren(parent: NomadJob, children: NomadJob[]): string[] {
  const count = (s: string): string => String(children.filter((c) => statusOf(c) === s).length);
  const summary = `Children Job Summary\n${columnize([['Pending', 'Running', 'Dead'], [count('pending'), count('running'), count('dead')]])}`;
  const title = parent.spec.periodic ? 'Previously Launched Jobs' : 'Dispatched Jobs';
  if (children.length === 0) return [summary, `${title}\nNo ${parent.spec.periodic ? 'instances of periodic job' : 'dispatched instances of parameterized job'} found`];
  const rows = children.map((c) => [c.spec.id ?? c.metadata.name ?? '', statusOf(c), c.metadata.creationTimestamp ?? '']);
  return [summary, `${title}\n${columnize([['ID', 'Status', 'Submit Date'], ...rows])}`];
}
