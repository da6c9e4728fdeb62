/** Kubernetes Node → the placement engine's Node (capacity in Nomad units, fingerprint from labels). */
import type { V1Node } from '@kubernetes/client-node';
import { fingerprintOf } from '../../crds/node-labels.js';
import { mebibytes, milliCpu, parseQuantity } from '../../k8s/quantity.js';
import type { Node, ResourceVector, Taint } from '../../placement/types.js';

/** CPU MHz per core assumed when a node has no `cpu.frequency` fingerprint (1 core = 1000 MHz, as the engine and pod rendering assume). */
export const DEFAULT_CPU_MHZ = 1000;

/** The node's MHz per core (fingerprint label, else the default). */
export function cpuMhzOf(fingerprintAttributes: Record<string, string>, defaultMhz = DEFAULT_CPU_MHZ): number {
  const mhz = Number(fingerprintAttributes['cpu.frequency']);
  return Number.isFinite(mhz) && mhz > 0 ? mhz : defaultMhz;
}

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
export function toPlacementNode(node: V1Node, defaultMhz = DEFAULT_CPU_MHZ): Node {
  const md = node.metadata ?? {};
  const fingerprint = fingerprintOf({
    name: md.name ?? '',
    uid: md.uid,
    labels: md.labels,
    annotations: md.annotations,
    nodeInfo: node.status?.nodeInfo,
  });
  const mhz = cpuMhzOf(fingerprint.attributes, defaultMhz);
  const ready = node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  return {
    fingerprint,
    allocatable: toResourceVector(node.status?.allocatable, mhz),
    ready,
    schedulable: !node.spec?.unschedulable && md.deletionTimestamp === undefined,
    taints: (node.spec?.taints ?? []).map((t) => ({ key: t.key, value: t.value, effect: t.effect as Taint['effect'] })),
  };
}
