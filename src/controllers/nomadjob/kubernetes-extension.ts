/**
 * The `kubernetes` extension block (group and task level): Kubernetes pod settings Nomad has no word for.
 * Pod-level fields are merged group first, then each task in order (later wins on a clash; lists concatenate,
 * de-duplicated by name); container fields (securityContext, volumeMounts) apply group then task, task winning.
 */
import type { KubernetesExtension } from '../../crds/nomadjob-types.js';
import type { Container, PodSpec, VolumeMount } from './pod-types.js';

/** Pod metadata the extension may add to. */
export interface PodMeta {
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

function byName<T>(items: T[]): T[] {
  const out = new Map<string, T>();
  items.forEach((item, i) => {
    const name = (item as { name?: unknown }).name;
    out.set(typeof name === 'string' ? name : `#${i}`, item);
  });
  return [...out.values()];
}

/** Merges an extension's pod-level fields into the pod spec and metadata. */
export function applyPodExtension(spec: PodSpec, meta: PodMeta, ext: KubernetesExtension | undefined): void {
  if (!ext) return;
  if (ext.serviceAccountName) {
    // A named service account is asked for by name: its token is mounted (the default pod has none).
    spec.serviceAccountName = ext.serviceAccountName;
    spec.automountServiceAccountToken = true;
  }
  if (ext.priorityClassName) spec.priorityClassName = ext.priorityClassName;
  if (ext.tolerations) spec.tolerations = [...(spec.tolerations ?? []), ...ext.tolerations];
  if (ext.imagePullSecrets) spec.imagePullSecrets = byName([...(spec.imagePullSecrets ?? []), ...ext.imagePullSecrets]);
  if (ext.volumes) spec.volumes = byName([...(spec.volumes ?? []), ...ext.volumes]);
  if (ext.podSecurityContext) spec.securityContext = { ...spec.securityContext, ...ext.podSecurityContext };
  if (ext.nodeSelector) spec.nodeSelector = { ...spec.nodeSelector, ...ext.nodeSelector };
  Object.assign(meta.labels, ext.labels);
  Object.assign(meta.annotations, ext.annotations);
}

function mountPath(mount: Record<string, unknown>): string {
  return typeof mount.mountPath === 'string' ? mount.mountPath : JSON.stringify(mount);
}

/** Applies group then task container fields: securityContext merged (task wins), volume mounts by mountPath. */
export function applyContainerExtension(
  container: Container, group: KubernetesExtension | undefined, task: KubernetesExtension | undefined,
): void {
  const securityContext = { ...container.securityContext, ...group?.securityContext, ...task?.securityContext };
  if (Object.keys(securityContext).length > 0) container.securityContext = securityContext;
  const extra = [...(group?.volumeMounts ?? []), ...(task?.volumeMounts ?? [])];
  if (extra.length === 0) return;
  const mounts = new Map<string, VolumeMount | Record<string, unknown>>();
  for (const mount of [...(container.volumeMounts ?? []), ...extra]) mounts.set(mountPath({ ...mount }), mount);
  container.volumeMounts = [...mounts.values()];
}
