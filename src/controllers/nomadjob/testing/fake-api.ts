/**
 * A recording, in-memory KubeApi for controller-tier tests: pods live in a map, every write is recorded in order,
 * and any operation can be made to fail. `sync()` plays the informers: it copies the fake's pods and job into the
 * reconciler's store and cluster view, as watch events would.
 */
import { ApiException, type KubernetesListObject, type V1Node, type V1Pod, type V1Service } from '@kubernetes/client-node';
import type { NomadJob, NomadJobStatus } from '../../../crds/nomadjob-types.js';
import type { EventTarget, KubeApi } from '../../../k8s/api.js';
import { fakeNode, type FakeNodeSpec } from '../../../local-cluster/fake-nodes.js';

/** One recorded write. */
export interface Write {
  op: 'createPod' | 'bindPod' | 'deletePod' | 'evictPod' | 'patchPod' | 'patchStatus' | 'patchMetadata' | 'replaceSpec' | 'event';
  name: string;
  detail?: unknown;
}

/** An error as client-node throws it for an HTTP status. */
export function apiError(code: number, message: string): Error {
  return new ApiException(code, message, JSON.stringify({ message, code }), {});
}

/** A Ready node with a uid, as the node informer would deliver it. */
export function readyNode(spec: FakeNodeSpec, ready = true): V1Node {
  const node = fakeNode(spec);
  node.metadata = { ...node.metadata, uid: `uid-${spec.name}` };
  node.status = { ...node.status, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] };
  return node;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const list = (items: unknown[]): any => ({ items, metadata: {} });

/** The fake. */
export class RecordingApi implements KubeApi {
  readonly pods = new Map<string, V1Pod>();
  readonly writes: Write[] = [];
  status: NomadJobStatus | undefined;
  /** Set to make an operation throw (checked before it changes anything). */
  fail: Partial<Record<Write['op'], Error>> = {};
  private uids = 0;

  private record(op: Write['op'], name: string, detail?: unknown): void {
    const error = this.fail[op];
    if (error) throw error;
    this.writes.push({ op, name, detail });
  }

  /** Writes since the given index (default: all), by operation. */
  writesSince(from = 0): Write[] {
    return this.writes.slice(from);
  }

  async listPods(): Promise<KubernetesListObject<V1Pod>> { return list([...this.pods.values()]); }
  async listNodes(): Promise<KubernetesListObject<V1Node>> { return list([]); }
  async listCustom<T>(): Promise<KubernetesListObject<T & { metadata?: object }>> { return list([]); }

  async createPod(namespace: string, pod: V1Pod): Promise<V1Pod> {
    const key = `${namespace}/${pod.metadata?.name}`;
    if (this.pods.has(key) && !this.fail.createPod) throw apiError(409, `pods "${pod.metadata?.name}" already exists`);
    this.record('createPod', pod.metadata?.name ?? '');
    const created: V1Pod = { ...structuredClone(pod), metadata: { ...pod.metadata, namespace, uid: `pod-uid-${++this.uids}`, creationTimestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, this.uids)) }, status: { phase: 'Pending' } };
    this.pods.set(key, created);
    return created;
  }

  async bindPod(namespace: string, name: string, _uid: string | undefined, node: string): Promise<void> {
    this.record('bindPod', name, node);
    const pod = this.pods.get(`${namespace}/${name}`);
    if (pod) pod.spec = { ...pod.spec!, nodeName: node };
  }

  async deletePod(namespace: string, name: string): Promise<void> {
    this.record('deletePod', name);
    this.pods.delete(`${namespace}/${name}`);
  }

  async evictPod(namespace: string, name: string): Promise<void> {
    this.record('evictPod', name);
    this.pods.delete(`${namespace}/${name}`);
  }

  async listServices(): Promise<V1Service[]> { return []; }
  async applyService(): Promise<void> { /* not used by the NomadJob controller */ }
  async deleteService(): Promise<void> { /* not used by the NomadJob controller */ }

  async patchPod(namespace: string, name: string, patch: object): Promise<void> {
    this.record('patchPod', name, patch);
    const pod = this.pods.get(`${namespace}/${name}`);
    const p = patch as { metadata?: { annotations?: Record<string, string> }; spec?: object };
    // A new object, as an informer delivers after a write (observations are memoised per object).
    if (pod) {
      this.pods.set(`${namespace}/${name}`, {
        ...pod, metadata: { ...pod.metadata, annotations: { ...pod.metadata?.annotations, ...p.metadata?.annotations } }, spec: { ...pod.spec!, ...p.spec },
      });
    }
  }

  async patchStatus(_plural: string, _namespace: string, name: string, status: object): Promise<void> {
    this.record('patchStatus', name, status);
    this.status = structuredClone(status) as NomadJobStatus;
  }

  async patchMetadata(_plural: string, _namespace: string, name: string, metadata: object): Promise<void> {
    this.record('patchMetadata', name, metadata);
  }

  async replaceSpec(_plural: string, _namespace: string, name: string, spec: object): Promise<void> {
    this.record('replaceSpec', name, spec);
  }

  async createCustom(): Promise<void> {}
  async deleteCustom(): Promise<void> {}
  async getCustom<T>(): Promise<T | undefined> { return undefined; }
  async listCustomSelected<T>(): Promise<T[]> { return []; }

  async event(target: EventTarget, type: 'Normal' | 'Warning', reason: string, note: string): Promise<void> {
    this.record('event', target.name, { type, reason, note });
  }

  /** The job as the apiserver holds it now (spec as given, status as last patched). */
  jobWithStatus(job: NomadJob): NomadJob {
    return { ...job, status: this.status };
  }
}
