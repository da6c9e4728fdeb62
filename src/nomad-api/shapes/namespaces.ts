/** Nomad namespaces ↔ Kubernetes namespaces: Nomad's `default` is the configured default namespace, `*` is all. */

/** The mapping in force (the configured default Kubernetes namespace). */
export interface NamespaceMap {
  defaultNamespace: string;
}

/** The Kubernetes namespace of a Nomad namespace; undefined means all namespaces (`*`). */
export function kubeNamespace(map: NamespaceMap, nomad: string | null | undefined): string | undefined {
  if (nomad === '*') return undefined;
  if (!nomad || nomad === 'default') return map.defaultNamespace;
  return nomad;
}

/** The Nomad namespace of a Kubernetes namespace. */
export function nomadNamespace(map: NamespaceMap, kube: string | undefined): string {
  return !kube || kube === map.defaultNamespace ? 'default' : kube;
}
