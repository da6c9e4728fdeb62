/**
 * The operator's Kubernetes permissions, derived from the calls it makes. Each table maps one kind of
 * call site (a KubeApi method, a client-node method, a raw-request helper, an informer path) to the
 * (group, resource, verb) triples it needs. test/unit/rbac.test.ts scans src/ to check every call site
 * is in a table, and compares `requiredRules` with the Helm chart's ClusterRole and Role.
 */
import type { KubeApi } from '../k8s/api.js';

/** An RBAC verb. */
export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';

/**
 * When a permission is granted: always, with leader election, with operator-managed webhook TLS, or
 * never in the chart (`dev`: only `kubenomad dev` and tests, which run as cluster admin).
 */
export type Condition = 'always' | 'leaderElection' | 'selfManagedTls' | 'dev';

/** One permission. `release` scope is a Role in the release namespace; `cluster` a ClusterRole. */
export interface Permission {
  group: string;
  resources: readonly string[];
  verbs: readonly Verb[];
  scope: 'cluster' | 'release';
  when?: Condition;
}

const KN = 'kubenomad.io';
const PLURALS = ['nomadjobs', 'dispatches', 'periodics'] as const;
const STATUS = PLURALS.map((p) => `${p}/status`);
const WEBHOOK_CONFIGS = ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'];

const core = (resources: string[], verbs: Verb[]): Permission => ({ group: '', resources, verbs, scope: 'cluster' });
const custom = (verbs: Verb[], resources: readonly string[] = PLURALS): Permission => ({ group: KN, resources, verbs, scope: 'cluster' });
const lease = (verbs: Verb[]): Permission => ({ group: 'coordination.k8s.io', resources: ['leases'], verbs, scope: 'release', when: 'leaderElection' });
const secret = (verbs: Verb[]): Permission => ({ group: '', resources: ['secrets'], verbs, scope: 'release', when: 'selfManagedTls' });
const events: Permission = { group: 'events.k8s.io', resources: ['events'], verbs: ['create'], scope: 'cluster' };

/** Every KubeApi method (src/k8s/api.ts) and what it needs; the type makes a missing method a compile error. */
export const KUBE_API_PERMISSIONS: Record<keyof KubeApi, readonly Permission[]> = {
  listPods: [core(['pods'], ['list'])],
  listNodes: [core(['nodes'], ['list'])],
  listCustom: [custom(['list'])],
  createPod: [core(['pods'], ['create'])],
  bindPod: [core(['pods/binding'], ['create'])],
  deletePod: [core(['pods'], ['delete'])],
  evictPod: [core(['pods/eviction'], ['create'])],
  patchPod: [core(['pods'], ['patch'])],
  listServices: [core(['services'], ['list'])],
  applyService: [core(['services'], ['create', 'patch'])],
  deleteService: [core(['services'], ['delete'])],
  patchStatus: [custom(['patch'], STATUS)],
  patchMetadata: [custom(['patch'])],
  replaceSpec: [custom(['patch'])],
  createCustom: [custom(['create'])],
  deleteCustom: [custom(['delete'])],
  getCustom: [custom(['get'])],
  listCustomSelected: [custom(['list'])],
  event: [events],
};

/** client-node API methods called anywhere in the operator's code (src/, outside dev and tests). */
export const CLIENT_CALL_PERMISSIONS: Record<string, readonly Permission[]> = {
  getCode: [], // GET /version: a non-resource URL every authenticated user may read (system:discovery)
  listPodForAllNamespaces: [core(['pods'], ['list'])],
  listNode: [core(['nodes'], ['list'])],
  listClusterCustomObject: [custom(['list'])],
  listNamespacedCustomObject: [custom(['list'])],
  getNamespacedCustomObject: [custom(['get'])],
  createNamespacedPodBinding: [core(['pods/binding'], ['create'])],
  deleteNamespacedPod: [core(['pods'], ['delete'])],
  patchNamespacedPod: [core(['pods'], ['patch'])],
  listNamespacedService: [core(['services'], ['list'])],
  patchNamespacedService: [core(['services'], ['create', 'patch'])],
  deleteNamespacedService: [core(['services'], ['delete'])],
  createNamespacedPodEviction: [core(['pods/eviction'], ['create'])],
  patchNamespacedCustomObjectStatus: [custom(['patch'], STATUS)],
  patchNamespacedCustomObject: [custom(['patch'])],
  createNamespacedCustomObject: [custom(['create'])],
  deleteNamespacedCustomObject: [custom(['delete'])],
  createNamespacedEvent: [events],
  readNamespacedSecret: [secret(['get'])],
  createNamespacedSecret: [secret(['create'])],
};

/** Exported helpers that send raw requests (rawRequest / applyObjects) and what they touch. */
export const RAW_CALL_PERMISSIONS: Record<string, readonly Permission[]> = {
  // src/k8s/api.ts: createPod POSTs the allocation pod as raw JSON (the hot path skips client-node's models).
  kubeApi: [core(['pods'], ['create'])],
  leaseClient: [lease(['get', 'create', 'update'])], // src/operator/leader-election.ts: GET, POST, PUT one Lease
  webhookConfigurationOwner: [{ group: 'admissionregistration.k8s.io', resources: ['validatingwebhookconfigurations'], verbs: ['get'], scope: 'cluster', when: 'selfManagedTls' }],
  patchCaBundle: [{ group: 'admissionregistration.k8s.io', resources: WEBHOOK_CONFIGS, verbs: ['get', 'patch'], scope: 'cluster', when: 'selfManagedTls' }],
  // The chart owns the configurations in a cluster; `kubenomad dev` and tests register them.
  applyWebhookConfigurations: [{ group: 'admissionregistration.k8s.io', resources: WEBHOOK_CONFIGS, verbs: ['create', 'patch'], scope: 'cluster', when: 'dev' }],
  deleteWebhookConfigurations: [{ group: 'admissionregistration.k8s.io', resources: WEBHOOK_CONFIGS, verbs: ['delete'], scope: 'cluster', when: 'dev' }],
  // src/nomad-api/cluster.ts: Nomad API requests carry the caller's token, never the operator's: nothing to grant.
  clusterAs: [],
};

/** Informer collection paths (list + watch) with the resource they read. */
export const INFORMER_PERMISSIONS: Record<string, readonly Permission[]> = {
  '/api/v1/nodes': [core(['nodes'], ['list', 'watch'])],
  '/api/v1/pods': [core(['pods'], ['list', 'watch'])],
  '/apis/kubenomad.io/v1alpha1/nomadjobs': [custom(['list', 'watch'], ['nomadjobs'])],
  '/apis/kubenomad.io/v1alpha1/periodics': [custom(['list', 'watch'], ['periodics'])],
  '/apis/kubenomad.io/v1alpha1/dispatches': [custom(['list', 'watch'], ['dispatches'])],
};

/** What the chart enables. */
export interface RbacOptions {
  leaderElection: boolean;
  selfManagedTls: boolean;
}

/** One flattened permission: scope, group, resource and verb. */
export interface Triple {
  scope: 'cluster' | 'release';
  group: string;
  resource: string;
  verb: Verb;
}

const granted = (p: Permission, o: RbacOptions): boolean =>
  (p.when ?? 'always') === 'always' || (p.when === 'leaderElection' && o.leaderElection) || (p.when === 'selfManagedTls' && o.selfManagedTls);

/** The sorted, de-duplicated `scope group resource verb` strings the chart must grant for these options. */
export function requiredPermissions(o: RbacOptions): string[] {
  const tables = [KUBE_API_PERMISSIONS, CLIENT_CALL_PERMISSIONS, RAW_CALL_PERMISSIONS, INFORMER_PERMISSIONS];
  const out = new Set<string>();
  for (const table of tables) {
    for (const p of Object.values(table).flat()) {
      if (!granted(p, o)) continue;
      for (const r of p.resources) for (const v of p.verbs) out.add(tripleKey({ scope: p.scope, group: p.group, resource: r, verb: v }));
    }
  }
  return [...out].sort();
}

/** The canonical string of a triple, e.g. `cluster core pods create`. */
export function tripleKey(t: Triple): string {
  return `${t.scope} ${t.group || 'core'} ${t.resource} ${t.verb}`;
}
