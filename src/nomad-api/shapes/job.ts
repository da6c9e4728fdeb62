/** api.Job, JobListStub and JobSummary from a NomadJob, and a NomadJob spec from api.Job. */
import type { GroupSummary, NomadJob, NomadJobSpec } from '../../crds/nomadjob-types.js';
import { ANNOTATION_PARENT_ID } from '../../controllers/periodic/naming.js';
import { JOB, periodicSpecType } from './job-tables.js';
import { indexOf, unixNanos } from './index-of.js';
import { nomadNamespace, type NamespaceMap } from './namespaces.js';
import { jobVersionOf } from './job-version.js';
import { toApi, toSpec, type Conversion } from './table.js';

type Obj = Record<string, unknown>;

/** The Nomad job ID of a NomadJob. */
export function jobIdOf(job: NomadJob): string {
  return job.spec.id ?? job.metadata.name ?? '';
}

/** Converts api.Job JSON into a spec; errors (wrong types, unknown fields) and warnings are collected in `ctx`. */
export function specFromApiJob(body: unknown, ctx: Conversion): NomadJobSpec | undefined {
  const spec = toSpec(JOB, body, 'Job', ctx);
  return spec as NomadJobSpec | undefined;
}

function statusDescription(job: NomadJob): string {
  return job.status?.conditions?.find((c) => c.status === 'False')?.message ?? '';
}

/** The values Nomad's server fills in when a job leaves them out. */
function jobDefaults(spec: NomadJobSpec, id: string): Obj {
  const defaults = { Name: id, Type: 'service', Priority: 50, Region: 'global', Datacenters: ['*'], NodePool: 'default', Stop: false };
  const given = { Name: spec.name, Type: spec.type, Priority: spec.priority, Region: spec.region, Datacenters: spec.datacenters, NodePool: spec.nodePool, Stop: spec.stop };
  return { ...defaults, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)), ID: id };
}

/** api.Job of a NomadJob, with Nomad's defaults filled as the server reports them. */
export function apiJob(job: NomadJob, ns: NamespaceMap): Obj {
  const out = toApi(JOB, job.spec) ?? {};
  const id = jobIdOf(job);
  const index = indexOf(job);
  const periodic = out.Periodic as Obj | null;
  periodicSpecType(periodic);
  const { version, stable } = jobVersionOf(job);
  Object.assign(out, jobDefaults(job.spec, id), {
    Namespace: nomadNamespace(ns, job.metadata.namespace),
    ParentID: job.metadata.annotations?.[ANNOTATION_PARENT_ID] ?? '',
    Dispatched: Boolean(job.metadata.annotations?.[ANNOTATION_PARENT_ID]) && id.includes('/dispatch-'),
    Status: job.status?.status ?? 'pending',
    StatusDescription: statusDescription(job),
    Stable: stable,
    Version: version,
    SubmitTime: unixNanos(job.metadata.creationTimestamp),
    CreateIndex: index,
    ModifyIndex: index,
    JobModifyIndex: index,
  });
  return out;
}

/** Nomad's per-group summary of a NomadJob's status. */
export function taskGroupSummaries(job: NomadJob): Record<string, Obj> {
  const out: Record<string, Obj> = {};
  for (const g of job.spec.groups ?? []) out[g.name] = groupSummary(job.status?.summary?.[g.name]);
  for (const [name, s] of Object.entries(job.status?.summary ?? {})) out[name] ??= groupSummary(s);
  return out;
}

const NO_ALLOCATIONS: GroupSummary = { queued: 0, starting: 0, running: 0, failed: 0, complete: 0, lost: 0 };

function groupSummary(summary: GroupSummary | undefined): Obj {
  const s = { ...NO_ALLOCATIONS, ...summary };
  return { Queued: s.queued, Complete: s.complete, Failed: s.failed, Running: s.running, Starting: s.starting, Lost: s.lost, Unknown: 0 };
}

/** Children of a parent job by Nomad status (pending, running, dead). */
export function childrenSummary(children: readonly NomadJob[]): Obj {
  const count = (status: string): number => children.filter((c) => (c.status?.status ?? 'pending') === status).length;
  return { Pending: count('pending'), Running: count('running'), Dead: count('dead') };
}

/** api.JobSummary. */
export function jobSummary(job: NomadJob, ns: NamespaceMap, children: readonly NomadJob[]): Obj {
  const index = indexOf(job);
  return { JobID: jobIdOf(job), Namespace: nomadNamespace(ns, job.metadata.namespace), Summary: taskGroupSummaries(job), Children: childrenSummary(children), CreateIndex: index, ModifyIndex: index };
}

/** api.JobListStub. */
export function jobListStub(job: NomadJob, ns: NamespaceMap): Obj {
  const full = apiJob(job, ns);
  const index = indexOf(job);
  return {
    ID: full.ID, ParentID: full.ParentID, Name: full.Name, Namespace: full.Namespace, Datacenters: full.Datacenters, Type: full.Type,
    Priority: full.Priority, Periodic: job.spec.periodic !== undefined, ParameterizedJob: job.spec.parameterized !== undefined && !full.Dispatched,
    Stop: full.Stop, Status: full.Status, StatusDescription: full.StatusDescription, NodePool: full.NodePool, Meta: job.spec.meta ?? null,
    JobSummary: { JobID: full.ID, Namespace: full.Namespace, Summary: taskGroupSummaries(job), Children: null, CreateIndex: index, ModifyIndex: index },
    CreateIndex: index, ModifyIndex: index, JobModifyIndex: index, SubmitTime: full.SubmitTime,
  };
}
