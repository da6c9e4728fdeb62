/** Pure translation between the NomadJob spec and the placement engine: requests in, status explanations out. */
import type { NomadJobSpec, PlacementFailure as StatusFailure, TaskGroup } from '../../crds/nomadjob-types.js';
import { formatAllocMetrics } from '../../placement/index.js';
import type { V1Pod } from '@kubernetes/client-node';
import type { Allocation, GroupSpec, JobSpec, Node, PlacementFailure } from '../../placement/types.js';
import { podPlacementInputs } from '../cluster/pod-placement.js';
import { toAllocation } from '../cluster/pod-adapter.js';
import type { PodManifest } from './pod-types.js';
import { groupAsk } from './resources.js';


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

/** The group as the engine reads it: task constraints/affinities merged in, resources summed over tasks, and the
 * node restrictions of its pod template (nodeSelector, required node affinity, tolerations), so nothing added to the
 * pod after placement can change where it may go. */
export function placementGroup(group: TaskGroup, template?: PodManifest): GroupSpec {
  const ask = groupAsk(group);
  const tasks = group.tasks ?? [];
  const nodeInputs = podPlacementInputs(template?.spec ?? {});
  return {
    name: group.name,
    count: group.count ?? 1,
    constraints: [...(group.constraints ?? []), ...tasks.flatMap((t) => t.constraints ?? [])],
    affinities: [...(group.affinities ?? []), ...tasks.flatMap((t) => t.affinities ?? [])],
    spreads: group.spreads,
    drivers: [...new Set(tasks.map((t) => t.driver))],
    resources: {
      cpu: ask.cores > 0 ? undefined : ask.cpu,
      taskCpu: ask.taskCpu,
      cores: ask.cores > 0 ? ask.cores : undefined,
      memory: ask.memory,
      memoryMax: ask.memoryMax,
      disk: ask.disk,
      devices: ask.devices,
      ports: ask.ports,
    },
    ...nodeInputs,
    hostVolumes: (group.volumes ?? []).filter((v) => v.type === 'host').map((v) => v.source),
  };
}

/** What a placed allocation's pod holds on its node (the pod adapter's answer), counted until its pod is seen. */
export function assumedAllocation(pod: PodManifest, node: Node, group: GroupSpec): Allocation {
  const held = toAllocation(pod as unknown as V1Pod, node);
  // Nomad's ephemeral_disk is reserved by the engine; the pod itself requests none.
  return { ...held, resources: { ...held.resources, disk: Math.max(held.resources.disk, group.resources.disk ?? 0) }, memoryMax: group.resources.memoryMax };
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
