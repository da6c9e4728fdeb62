/**
 * Version hashes: a change of hash means the allocation's pod must be replaced (Nomad's destructive update,
 * scheduler `tasksUpdated`). The hash covers everything that shapes the pod, and leaves out what Nomad updates in
 * place: `count`, job priority, update/migrate/reschedule policies, constraints, affinities and spreads (placement
 * inputs), service registrations (tags, checks), restart policies (but `render_templates`), `leader`, `kill_signal`.
 * `kill_timeout` and `shutdown_delay` stay in: they set the pod's grace period, which a running pod cannot change.
 */
import type { NomadJobSpec, Task, TaskGroup } from '../../crds/nomadjob-types.js';
import { canonicalJson, shortHash } from './hash.js';

/** Length of a version hash in hex characters. */
export const VERSION_LENGTH = 10;

/** The job-level fields that reach every pod (env vars, dispatch payload). */
function jobPodInputs(spec: NomadJobSpec): unknown {
  return {
    id: spec.id, name: spec.name, type: spec.type, region: spec.region, namespace: spec.namespace,
    meta: spec.meta, payload: spec.payload,
  };
}

/**
 * A task without the fields Nomad updates in place. Absent fields stay absent (canonical JSON drops undefined), so
 * a task that never had them keeps the hash it had before they were left out.
 */
function taskPodInputs(task: Task): unknown {
  const renderTemplates = task.restart?.renderTemplates;
  return {
    ...task, services: undefined, constraints: undefined, affinities: undefined, leader: undefined, killSignal: undefined,
    restart: renderTemplates === undefined ? undefined : { renderTemplates },
  };
}

/** The group-level fields that reach the pod. */
function groupPodInputs(group: TaskGroup): unknown {
  return {
    name: group.name, tasks: group.tasks.map(taskPodInputs), networks: group.networks, volumes: group.volumes,
    ephemeralDisk: group.ephemeralDisk, meta: group.meta, kubernetes: group.kubernetes,
    shutdownDelay: group.shutdownDelay, renderTemplates: group.restart?.renderTemplates,
  };
}

/** The version hash of a group: changes exactly when its allocations must be replaced. */
export function groupVersion(spec: NomadJobSpec, group: TaskGroup): string {
  return shortHash(canonicalJson({ job: jobPodInputs(spec), group: groupPodInputs(group) }), VERSION_LENGTH);
}

/** The job's version hash (status.version): a hash over its groups' versions. */
export function jobVersion(spec: NomadJobSpec): string {
  const groups = (spec.groups ?? []).map((group) => [group.name, groupVersion(spec, group)]);
  return shortHash(canonicalJson(groups), VERSION_LENGTH);
}
