/**
 * The typed operations the controllers perform against Kubernetes. Controllers depend on the `KubeApi`
 * interface, not on @kubernetes/client-node.
 */
import {
  ApiException, CoreV1Api, CustomObjectsApi, EventsV1Api, KubeConfig, PatchStrategy, setHeaderOptions, V1MicroTime,
  type KubernetesListObject, type V1Node, type V1Pod, type V1Service,
} from '@kubernetes/client-node';
import { FIELD_MANAGER, toApiError } from './objects.js';
import { listAllPages } from './pager.js';
import { rawRequest } from './raw.js';

/** API group and version of kubenomad's resources. */
export const GROUP = 'kubenomad.io';
export const VERSION = 'v1alpha1';

/** A kubenomad custom resource kind and its plural. */
export type KubenomadPlural = 'nomadjobs' | 'dispatches' | 'periodics';

/** Reference to an object an Event is about. */
export interface EventTarget {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  uid?: string;
}

/** The operations controllers use. */
export interface KubeApi {
  /** Lists (like listNodes and listCustom) are fetched in pages of 500 and returned whole. */
  /** `map` is applied to each page's items as it arrives (an informer's trim), so one page of whole objects is alive at a time. */
  listPods(map?: (pod: V1Pod) => V1Pod): Promise<KubernetesListObject<V1Pod>>;
  listNodes(map?: (node: V1Node) => V1Node): Promise<KubernetesListObject<V1Node>>;
  listCustom<T>(plural: KubenomadPlural, namespace?: string, map?: (item: T & { metadata?: object }) => T & { metadata?: object }): Promise<KubernetesListObject<T & { metadata?: object }>>;
  createPod(namespace: string, pod: V1Pod): Promise<V1Pod>;
  bindPod(namespace: string, name: string, uid: string | undefined, node: string): Promise<void>;
  deletePod(namespace: string, name: string, uid?: string): Promise<void>;
  evictPod(namespace: string, name: string): Promise<void>;
  /** Services of a namespace matching a label selector, straight from the API server. */
  listServices(namespace: string, labelSelector: string): Promise<V1Service[]>;
  /** Server-side applies a Service (field manager kubenomad, forced): creates or updates it. */
  applyService(namespace: string, service: object & { metadata: { name: string } }): Promise<void>;
  deleteService(namespace: string, name: string): Promise<void>;
  /** Merge-patches a pod (annotations, `spec.activeDeadlineSeconds`); a pod already gone is fine. */
  patchPod(namespace: string, name: string, patch: object): Promise<void>;
  /** Replaces the whole status (fields absent from `status` are removed). */
  patchStatus(plural: KubenomadPlural, namespace: string, name: string, status: object): Promise<void>;
  patchMetadata(plural: KubenomadPlural, namespace: string, name: string, metadata: object): Promise<void>;
  /** Replaces the whole spec (a JSON patch of /spec; auto_revert submits an earlier version's spec). */
  replaceSpec(plural: KubenomadPlural, namespace: string, name: string, spec: object): Promise<void>;
  createCustom(plural: KubenomadPlural, namespace: string, body: object): Promise<void>;
  deleteCustom(plural: KubenomadPlural, namespace: string, name: string): Promise<void>;
  /** Reads one custom object straight from the API server; undefined when it does not exist. */
  getCustom<T>(plural: KubenomadPlural, namespace: string, name: string): Promise<T | undefined>;
  /** Lists custom objects of one namespace matching a label selector, straight from the API server (no cache). */
  listCustomSelected<T>(plural: KubenomadPlural, namespace: string, labelSelector: string): Promise<T[]>;
  event(target: EventTarget, type: 'Normal' | 'Warning', reason: string, note: string): Promise<void>;
}

const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** Ignores NotFound (the object is already gone). */
async function ignoreNotFound(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (toApiError(err).code !== 404) throw err;
  }
}

/** The real implementation over a KubeConfig. */
export function kubeApi(kc: KubeConfig, reportingController = 'kubenomad.io/operator'): KubeApi {
  const core = kc.makeApiClient(CoreV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const events = kc.makeApiClient(EventsV1Api);
  const instance = process.env.HOSTNAME ?? 'kubenomad';
  return {
    listPods: (map) => listAllPages((page) => core.listPodForAllNamespaces(page), undefined, map),
    listNodes: (map) => listAllPages((page) => core.listNode(page), undefined, map),
    listCustom: (plural, namespace, map) =>
      listAllPages((page) => namespace
        ? custom.listNamespacedCustomObject({ group: GROUP, version: VERSION, plural, namespace, ...page })
        : custom.listClusterCustomObject({ group: GROUP, version: VERSION, plural, ...page }), undefined, map),
    async createPod(namespace, pod) {
      // Raw JSON both ways: the hot path of a large job (one create per allocation) skips client-node's model
      // (de)serialisation, which cost more operator CPU than the request itself; errors stay ApiExceptions.
      const r = await rawRequest(kc, 'POST', `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods?fieldManager=${FIELD_MANAGER}`, pod);
      if (r.status < 200 || r.status >= 300) throw new ApiException(r.status, `HTTP ${r.status} creating pod ${pod.metadata?.name ?? ''}`, r.body, {});
      return JSON.parse(r.body) as V1Pod;
    },
    async bindPod(namespace, name, uid, node) {
      await core.createNamespacedPodBinding({
        name,
        namespace,
        body: { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace, uid }, target: { apiVersion: 'v1', kind: 'Node', name: node } },
      });
    },
    deletePod: (namespace, name, uid) =>
      ignoreNotFound(core.deleteNamespacedPod({ namespace, name, body: uid ? { preconditions: { uid } } : undefined })),
    evictPod: (namespace, name) =>
      ignoreNotFound(core.createNamespacedPodEviction({ namespace, name, body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace } } })),
    listServices: async (namespace, labelSelector) => (await core.listNamespacedService({ namespace, labelSelector })).items,
    async applyService(namespace, service) {
      await core.patchNamespacedService(
        { namespace, name: service.metadata.name, body: service, fieldManager: 'kubenomad', force: true },
        setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
      );
    },
    deleteService: (namespace, name) => ignoreNotFound(core.deleteNamespacedService({ namespace, name })),
    patchPod: (namespace, name, patch) => ignoreNotFound(core.patchNamespacedPod({ namespace, name, body: patch }, merge)),
    async patchStatus(plural, namespace, name, status) {
      // A JSON patch `add /status` replaces the whole status, so fields that went away (e.g. resolved
      // placement failures) are removed, which a merge patch would keep.
      await custom.patchNamespacedCustomObjectStatus(
        { group: GROUP, version: VERSION, plural, namespace, name, body: [{ op: 'add', path: '/status', value: status }] },
        setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
      );
    },
    async patchMetadata(plural, namespace, name, metadata) {
      await custom.patchNamespacedCustomObject({ group: GROUP, version: VERSION, plural, namespace, name, body: { metadata } }, merge);
    },
    async replaceSpec(plural, namespace, name, spec) {
      await custom.patchNamespacedCustomObject(
        { group: GROUP, version: VERSION, plural, namespace, name, body: [{ op: 'replace', path: '/spec', value: spec }] },
        setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
      );
    },
    async createCustom(plural, namespace, body) {
      await custom.createNamespacedCustomObject({ group: GROUP, version: VERSION, plural, namespace, body });
    },
    deleteCustom: (plural, namespace, name) => ignoreNotFound(custom.deleteNamespacedCustomObject({ group: GROUP, version: VERSION, plural, namespace, name })),
    async getCustom<T>(plural: KubenomadPlural, namespace: string, name: string): Promise<T | undefined> {
      try {
        return (await custom.getNamespacedCustomObject({ group: GROUP, version: VERSION, plural, namespace, name })) as T;
      } catch (err) {
        if (toApiError(err).code === 404) return undefined;
        throw err;
      }
    },
    async listCustomSelected<T>(plural: KubenomadPlural, namespace: string, labelSelector: string): Promise<T[]> {
      const list = (await custom.listNamespacedCustomObject({ group: GROUP, version: VERSION, plural, namespace, labelSelector })) as { items?: T[] };
      return list.items ?? [];
    },
    async event(target, type, reason, note) {
      const now = new Date();
      await events.createNamespacedEvent({
        namespace: target.namespace,
        body: {
          metadata: { generateName: `${target.name.slice(0, 200)}-`, namespace: target.namespace },
          eventTime: new V1MicroTime(now.getTime()), // MicroTime: the API server wants 6 fractional digits
          reportingController,
          reportingInstance: instance,
          action: reason,
          reason,
          type,
          note: note.slice(0, 1024),
          regarding: { apiVersion: target.apiVersion, kind: target.kind, namespace: target.namespace, name: target.name, uid: target.uid },
        },
      });
    },
  };
}
