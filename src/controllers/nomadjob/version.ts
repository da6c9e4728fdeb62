/**
 * Version hashes: a change of hash means the allocation's pod must be replaced (Nomad's destructive update,
 * scheduler `tasksUpdated`). The hash covers everything that shapes the pod, and leaves out what Nomad updates in
 * place: `count`, job priority, update/migrate/reschedule policies, constraints, affinities and spreads (placement
 * inputs), service registrations (name, tags, meta), restart policies (but `render_templates`), `leader`,
 * `kill_signal`. In the hash because the pod carries them and a running pod cannot change them: `kill_timeout` and
 * `shutdown_delay` (its grace period), service `check`s and `check_restart` (its readiness and liveness probes), and
 * a restart block that allows no restart at all (its restartPolicy Never).
 */
import type { NomadJobSpec, Service, Task, TaskGroup } from '../../crds/nomadjob-types.js';
import { canonicalJson, shortHash } from './hash.js';
import { restartPolicyFor } from './pod-template.js';

/** What of a service block the pod carries: its checks become probes (name, tags and meta are registration only). */
function probedServices(services: Service[] | undefined): unknown {
  const probed = (services ?? []).filter((s) => (s.checks ?? []).length > 0);
  return probed.length === 0 ? undefined : probed.map((s) => ({ port: s.port, checks: s.checks, checkRestart: s.checkRestart }));
}

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
    ...task, services: probedServices(task.services), constraints: undefined, affinities: undefined, leader: undefined, killSignal: undefined,
    restart: renderTemplates === undefined ? undefined : { renderTemplates },
  };
}

/** The group-level fields that reach the pod. */
function groupPodInputs(spec: NomadJobSpec, group: TaskGroup): unknown {
  return {
    name: group.name, tasks: group.tasks.map(taskPodInputs), networks: group.networks, volumes: group.volumes,
    ephemeralDisk: group.ephemeralDisk, meta: group.meta, kubernetes: group.kubernetes,
    shutdownDelay: group.shutdownDelay, renderTemplates: group.restart?.renderTemplates,
    services: probedServices(group.services),
    noRestarts: restartPolicyFor(spec, group) === 'Never' ? true : undefined,
  };
}

/** The version hash of a group: changes exactly when its allocations must be replaced. */
export function groupVersion(spec: NomadJobSpec, group: TaskGroup): string {
  return shortHash(canonicalJson({ job: jobPodInputs(spec), group: groupPodInputs(spec, group) }), VERSION_LENGTH);
}

/** The job's version hash (status.version): a hash over its groups' versions. */
export function jobVersion(spec: NomadJobSpec): string {
  const groups = (spec.groups ?? []).map((group) => [group.name, groupVersion(spec, group)]);
  return shortHash(canonicalJson(groups), VERSION_LENGTH);
}
