/** Kubernetes Node → the placement engine's Node (capacity in Nomad units, fingerprint from labels). */
import type { V1Node } from '@kubernetes/client-node';
import { fingerprintOf } from '../../crds/node-labels.js';
import { mebibytes, milliCpu, parseQuantity } from '../../k8s/quantity.js';
import { DEFAULT_MHZ_PER_CORE, nodeMhzPerCore } from '../nomadjob/resources.js';
import type { Node, ResourceVector, Taint } from '../../placement/types.js';


/** Resource list (allocatable or requests) in Nomad units on a node of the given MHz per core. */
export function toResourceVector(list: Record<string, string> | undefined, mhzPerCore: number, pods = 0): ResourceVector {
  const extended: Record<string, number> = {};
  for (const [name, q] of Object.entries(list ?? {})) {
    if (name.includes('/') && !name.startsWith('hugepages')) extended[name] = parseQuantity(q) || 0;
  }
  const cpuCores = milliCpu(list?.cpu) / 1000;
  return {
    cpu: Math.floor(cpuCores * mhzPerCore),
    cores: Math.floor(cpuCores),
    memory: Math.floor(mebibytes(list?.memory)),
    disk: Math.floor(mebibytes(list?.['ephemeral-storage'])),
    pods: list?.pods !== undefined ? parseQuantity(list.pods) : pods,
    extended,
  };
}

/** Converts a Node; `defaultMhz` applies when the node does not say its CPU clock. */
export function toPlacementNode(node: V1Node, defaultMhz = DEFAULT_MHZ_PER_CORE): Node {
  const md = node.metadata ?? {};
  const fingerprint = fingerprintOf({
    name: md.name ?? '',
    uid: md.uid,
    labels: md.labels,
    annotations: md.annotations,
    nodeInfo: node.status?.nodeInfo,
  });
  const mhz = nodeMhzPerCore(fingerprint, defaultMhz);
  const ready = node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  return {
    fingerprint,
    allocatable: toResourceVector(node.status?.allocatable, mhz),
    ready,
    schedulable: !node.spec?.unschedulable && md.deletionTimestamp === undefined,
    taints: (node.spec?.taints ?? []).map((t) => ({ key: t.key, value: t.value, effect: t.effect as Taint['effect'] })),
  };
}
