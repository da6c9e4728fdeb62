/** Pure translation between the NomadJob spec and the placement engine: requests in, status explanations out. */
import type { NomadJobSpec, PlacementFailure as StatusFailure, TaskGroup } from '../../crds/nomadjob-types.js';
import { formatAllocMetrics } from '../../placement/index.js';
import type {
  Allocation, GroupSpec, JobSpec, Node, Placement, PlacementFailure, ResourceVector, Toleration,
} from '../../placement/types.js';
import { groupAsk, nodeMhzPerCore } from './resources.js';


/** The job as the engine reads it; `id` is the NomadJob's name, `namespace` its namespace. */
export function placementJob(name: string, namespace: string, spec: NomadJobSpec): JobSpec {
  return {
    id: name,
    namespace,
    type: spec.type ?? 'service',
    priority: spec.priority ?? 50,
    datacenters: spec.datacenters?.length ? spec.datacenters : ['*'],
    nodePool: spec.nodePool,
    constraints: spec.constraints,
    affinities: spec.affinities,
    spreads: spec.spreads,
    algorithm: spec.schedulerAlgorithm,
  };
}

/** The group as the engine reads it: task constraints/affinities merged in, resources summed over tasks. */
export function placementGroup(group: TaskGroup): GroupSpec {
  const ask = groupAsk(group);
  const tasks = group.tasks ?? [];
  const tolerations = [
    ...(group.kubernetes?.tolerations ?? []),
    ...tasks.flatMap((t) => t.kubernetes?.tolerations ?? []),
  ] as Toleration[];
  return {
    name: group.name,
    count: group.count ?? 1,
    constraints: [...(group.constraints ?? []), ...tasks.flatMap((t) => t.constraints ?? [])],
    affinities: [...(group.affinities ?? []), ...tasks.flatMap((t) => t.affinities ?? [])],
    spreads: group.spreads,
    drivers: [...new Set(tasks.map((t) => t.driver))],
    resources: {
      cpu: ask.cores > 0 ? undefined : ask.cpu,
      cores: ask.cores > 0 ? ask.cores : undefined,
      memory: ask.memory,
      memoryMax: ask.memoryMax,
      disk: ask.disk,
      devices: ask.devices,
      ports: ask.ports,
    },
    tolerations,
    hostVolumes: (group.volumes ?? []).filter((v) => v.type === 'host').map((v) => v.source),
  };
}

/** What a placed allocation holds on its node, counted until its pod is seen bound. */
export function assumedAllocation(id: string, namespace: string, job: JobSpec, group: GroupSpec, placement: Placement, node: Node): Allocation {
  const r = group.resources;
  const mhz = nodeMhzPerCore(node.fingerprint);
  const extended: Record<string, number> = { ...(r.extended ?? {}) };
  for (const d of r.devices ?? []) extended[d.name] = (extended[d.name] ?? 0) + (d.count ?? 1);
  const resources: ResourceVector = {
    cpu: r.cores ? r.cores * mhz : (r.cpu ?? 100),
    cores: 0,
    memory: r.memory ?? 300,
    disk: r.disk ?? 300,
    pods: 1,
    extended,
  };
  return {
    id, name: placement.name, nodeId: placement.nodeId, namespace, jobId: job.id, group: group.name,
    priority: job.priority ?? 50, resources, memoryMax: r.memoryMax, ports: placement.ports.map((p) => p.value),
  };
}

/** The engine's failure as the NomadJob status records it (Nomad's AllocMetric, summarised). */
export function statusFailure(failure: PlacementFailure): StatusFailure {
  const m = failure.metric;
  const count = failure.names.length;
  const header = `Task Group "${failure.group}" (failed to place ${count} allocation${count === 1 ? '' : 's'}):`;
  return {
    group: failure.group,
    failedAllocations: count,
    nodesEvaluated: m.nodesEvaluated,
    nodesFiltered: m.nodesFiltered,
    nodesAvailable: m.nodesAvailable,
    constraintFiltered: m.constraintFiltered,
    classFiltered: m.classFiltered,
    nodesExhausted: m.nodesExhausted,
    dimensionExhausted: m.dimensionExhausted,
    classExhausted: m.classExhausted,
    message: `${header}\n${formatAllocMetrics(m, '  ')}`,
  };
}
