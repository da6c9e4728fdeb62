/**
 * Informer transforms: pure functions that cut cached objects down to the fields the operator reads, as
 * client-go's `SetTransform` with `TransformStripManagedFields`, so cache memory stays bounded at scale.
 * Each returns a new object and never mutates its input.
 */
import type { KubernetesObject, V1Node, V1Pod } from '@kubernetes/client-node';

/** A transform applied to every listed or watched object before the cache stores it. */
export type Transform<T> = (obj: T) => T;

type Loose = Record<string, unknown>;

/** The listed keys of `obj` that are present (absent keys stay absent, not `undefined`). */
export function pick<T extends object>(obj: T | undefined, keys: readonly (keyof T)[]): T | undefined {
  if (!obj) return undefined;
  const out: Partial<T> = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out as T;
}

function omit<T extends object>(obj: T, keys: readonly string[]): T {
  const out: Loose = { ...(obj as Loose) };
  for (const k of keys) delete out[k];
  return out as T;
}

const defined = <T extends object>(obj: T): T =>
  Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;

/** Any object without `metadata.managedFields` (written by server-side apply; nothing in the operator reads it). */
export function dropManagedFields<T extends KubernetesObject>(obj: T): T {
  if (!obj.metadata?.managedFields) return obj;
  return { ...obj, metadata: omit(obj.metadata, ['managedFields']) };
}

const POD_METADATA = ['name', 'namespace', 'uid', 'labels', 'annotations', 'ownerReferences', 'creationTimestamp', 'deletionTimestamp', 'resourceVersion'] as const;
const CONTAINER = ['name', 'resources', 'ports'] as const;
const INIT_CONTAINER = ['name', 'resources', 'ports', 'restartPolicy'] as const;
const POD_SPEC = ['nodeName', 'schedulerName', 'overhead', 'nodeSelector', 'affinity', 'tolerations'] as const;
const CONTAINER_STATUS = ['name', 'restartCount', 'state', 'lastState', 'ready'] as const;

/**
 * A pod as the operator reads it: identity and ownership, what it requests and where it may run (capacity,
 * host ports, node filters), and its phase and container outcomes (allocation status, restarts, exit codes).
 */
export function trimPod(pod: V1Pod): V1Pod {
  const spec = pod.spec;
  const status = pod.status;
  return defined({
    apiVersion: pod.apiVersion,
    kind: pod.kind,
    metadata: pick(pod.metadata, POD_METADATA),
    spec: spec && defined({
      ...pick(spec, POD_SPEC),
      containers: spec.containers?.map((c) => pick(c, CONTAINER)!),
      initContainers: spec.initContainers?.map((c) => pick(c, INIT_CONTAINER)!),
    }),
    status: status && defined({
      phase: status.phase,
      conditions: status.conditions,
      containerStatuses: status.containerStatuses?.map((c) => pick(c, CONTAINER_STATUS)!),
    }),
  });
}

/** A node without managedFields and the status lists that grow with the images and volumes on it. */
export function trimNode(node: V1Node): V1Node {
  const trimmed = dropManagedFields(node);
  if (!trimmed.status) return trimmed;
  return { ...trimmed, status: omit(trimmed.status, ['images', 'volumesInUse', 'volumesAttached']) };
}
