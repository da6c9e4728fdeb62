/**
 * api.Deployment from the latest deployment a NomadJob's status records (ADR 0006). kubenomad keeps one deployment
 * per job, the latest: earlier ones are not kept. Its `blocked` (canaries healthy, awaiting promotion) is Nomad's
 * `running` with the "requires manual promotion" description, as Nomad reports it.
 */
import type { DeploymentGroupState, DeploymentState, NomadJob } from '../../crds/nomadjob-types.js';
import { resolveUpdate } from '../../controllers/nomadjob/update-strategy.js';
import { indexOf, unixNanos } from './index-of.js';
import { jobIdOf } from './job.js';
import { nomadNamespace, type NamespaceMap } from './namespaces.js';

type Obj = Record<string, unknown>;

/** Go's zero time.Time, as Nomad's JSON writes an unset RequireProgressBy. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

/** Nomad's deployment status of a recorded one. */
export function nomadDeploymentStatus(d: DeploymentState): string {
  return d.status === 'blocked' ? 'running' : d.status;
}

/** api.DeploymentState of one group (PlacedCanaries: kubenomad records the count, not the allocation IDs). */
function groupState(job: NomadJob, name: string, g: DeploymentGroupState): Obj {
  const group = job.spec.groups?.find((x) => x.name === name);
  const update = group ? resolveUpdate(job.spec, group) : null;
  return {
    AutoRevert: g.autoRevert, AutoPromote: g.autoPromote, ProgressDeadline: (update?.progressDeadlineMs ?? 0) * 1e6,
    RequireProgressBy: g.requireProgressBy ?? ZERO_TIME, Promoted: g.promoted, PlacedCanaries: null, DesiredCanaries: g.desiredCanaries,
    DesiredTotal: g.desiredTotal, PlacedAllocs: g.placed, HealthyAllocs: g.healthy, UnhealthyAllocs: g.unhealthy,
  };
}

/** api.Deployment of the job's latest deployment, or null when it has none. */
export function apiDeployment(job: NomadJob, ns: NamespaceMap): Obj | null {
  const d = job.status?.deployment;
  if (!d) return null;
  const index = indexOf(job);
  const created = unixNanos(d.createdAt);
  return {
    ID: d.id, Namespace: nomadNamespace(ns, job.metadata.namespace), JobID: jobIdOf(job), JobVersion: d.jobVersion,
    JobModifyIndex: index, JobSpecModifyIndex: index, JobCreateIndex: index, IsMultiregion: false,
    TaskGroups: Object.fromEntries(Object.entries(d.groups).map(([name, g]) => [name, groupState(job, name, g)])),
    Status: nomadDeploymentStatus(d), StatusDescription: d.statusDescription, EvalPriority: job.spec.priority ?? 50,
    CreateIndex: index, ModifyIndex: index, CreateTime: created, ModifyTime: created,
  };
}
