/** Kubernetes Node → the placement engine's Node (capacity in Nomad units, fingerprint from labels). */
import type { V1Node } from '@kubernetes/client-node';
import { fingerprintOf } from '../../crds/node-labels.js';
import { mebibytes, milliCpu, parseQuantity } from '../../k8s/quantity.js';
import { mhzOfMillicores, nodeMhzPerCore } from '../../placement/units.js';
import type { Node, ResourceVector, Taint } from '../../placement/types.js';
import { DRAIN_ANNOTATION, parseDrain } from './node-drain.js';


/** Extended resources (`vendor.com/name`) of a resource list. */
export function extendedOf(list: Record<string, string> | undefined): Record<string, number> {
  const extended: Record<string, number> = {};
  for (const [name, q] of Object.entries(list ?? {})) {
    if (name.includes('/') && !name.startsWith('hugepages')) extended[name] = parseQuantity(q) || 0;
  }
  return extended;
}

/** Resource list (a node's allocatable) in Nomad units on a node of the given MHz per core (CPU exact, units.ts). */
export function toResourceVector(list: Record<string, string> | undefined, mhzPerCore: number, pods = 0): ResourceVector {
  const extended = extendedOf(list);
  const millis = milliCpu(list?.cpu);
  return {
    cpu: mhzOfMillicores(millis, mhzPerCore),
    cores: Math.floor(millis / 1000),
    memory: Math.floor(mebibytes(list?.memory)),
    disk: Math.floor(mebibytes(list?.['ephemeral-storage'])),
    pods: list?.pods !== undefined ? parseQuantity(list.pods) : pods,
    extended,
  };
}

function drainOf(annotations: Record<string, string> | undefined): Pick<Node, 'drain'> {
  const drain = parseDrain(annotations?.[DRAIN_ANNOTATION]);
  return drain ? { drain } : {};
}

/** Converts a Node (CPU counted in whole millicores of its clock: `millicoreCpu`). */
export function toPlacementNode(node: V1Node): Node {
  const md = node.metadata ?? {};
  const fingerprint = fingerprintOf({
    name: md.name ?? '',
    uid: md.uid,
    labels: md.labels,
    annotations: md.annotations,
    nodeInfo: node.status?.nodeInfo,
  });
  const mhz = nodeMhzPerCore(fingerprint);
  const readyCondition = node.status?.conditions?.find((c) => c.type === 'Ready');
  const ready = readyCondition?.status === 'True';
  const since = readyCondition?.lastTransitionTime ? new Date(readyCondition.lastTransitionTime).getTime() : NaN;
  return {
    fingerprint,
    allocatable: toResourceVector(node.status?.allocatable, mhz),
    ready,
    ...(!ready && Number.isFinite(since) ? { notReadySinceMs: since } : {}),
    ...drainOf(md.annotations),
    millicoreCpu: true,
    schedulable: !node.spec?.unschedulable && md.deletionTimestamp === undefined,
    taints: (node.spec?.taints ?? []).map((t) => ({ key: t.key, value: t.value, effect: t.effect as Taint['effect'] })),
    labels: { ...md.labels }, // nodeSelector and required node affinity read them
  };
}
