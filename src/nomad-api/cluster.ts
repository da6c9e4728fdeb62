/**
 * The cluster as the caller sees it: every request goes to the apiserver with the caller's own token (src/k8s/caller.ts),
 * so Kubernetes authenticates and authorises it (RBAC on nomadjobs, dispatches, pods, nodes, secrets).
 * Kubernetes errors come back as Nomad-style errors.
 */
import { createHash } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import { callerKubeConfig, watchOnce, type WatchOutcome } from '../k8s/caller.js';
import { rawRequest } from '../k8s/raw.js';
import { fromKubernetes } from './errors.js';

/** A Kubernetes list as read. */
export interface KubeList<T> {
  items: T[];
  resourceVersion: string;
}

/** The operations the handlers make, as the caller. */
export interface Cluster {
  /** Reads an object; throws Nomad's 404 naming `what` when it does not exist. */
  get<T>(path: string, what: string): Promise<T>;
  /** Reads an object; undefined when it does not exist. */
  find<T>(path: string): Promise<T | undefined>;
  list<T>(path: string): Promise<KubeList<T>>;
  /** Reads a text resource (pod logs). */
  text(path: string, what: string): Promise<string>;
  /** Creates, replaces, patches or deletes; `contentType` defaults to JSON (patches: merge or JSON patch). */
  write<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body: unknown, what: string, contentType?: string): Promise<T>;
  /** Waits for the first change after `resourceVersion` (or the end of the wait, or `signal`). */
  watch(path: string, resourceVersion: string, waitMs: number, signal?: AbortSignal): Promise<WatchOutcome>;
}

/** A Cluster over a kubeconfig holding the caller's credentials. */
export function clusterAs(kc: KubeConfig): Cluster {
  const send = async (method: string, path: string, body: unknown, what: string, contentType?: string): Promise<unknown> => {
    const r = await rawRequest(kc, method, path, body, contentType);
    if (r.status >= 300) throw fromKubernetes(r.status, r.body, what);
    return r.body ? JSON.parse(r.body) : {};
  };
  return {
    get: async <T>(path: string, what: string) => (await send('GET', path, undefined, what)) as T,
    async find<T>(path: string): Promise<T | undefined> {
      const r = await rawRequest(kc, 'GET', path);
      if (r.status === 404) return undefined;
      if (r.status >= 300) throw fromKubernetes(r.status, r.body);
      return JSON.parse(r.body) as T;
    },
    async list<T>(path: string): Promise<KubeList<T>> {
      const list = (await send('GET', path, undefined, 'list')) as { items?: T[]; metadata?: { resourceVersion?: string } };
      return { items: list.items ?? [], resourceVersion: list.metadata?.resourceVersion ?? '0' };
    },
    async text(path: string, what: string): Promise<string> {
      const r = await rawRequest(kc, 'GET', path);
      if (r.status >= 300) throw fromKubernetes(r.status, r.body, what);
      return r.body;
    },
    write: async <T>(method: string, path: string, body: unknown, what: string, contentType?: string) => (await send(method, path, body, what, contentType)) as T,
    watch: (path, resourceVersion, waitMs, signal) => watchOnce(kc, path, resourceVersion, waitMs, signal),
  };
}

/** Caller clusters by token (a hash of it), so repeated callers reuse their connection pool; bounded. */
export class CallerCache {
  private readonly byToken = new Map<string, Cluster>();

  constructor(private readonly base: KubeConfig, private readonly limit = 256) {}

  /** The cluster as the holder of `token` (undefined: as an anonymous caller). */
  as(token: string | undefined): Cluster {
    const key = token === undefined ? '' : createHash('sha256').update(token).digest('hex');
    let cluster = this.byToken.get(key);
    if (!cluster) {
      if (this.byToken.size >= this.limit) this.byToken.delete(this.byToken.keys().next().value as string);
      cluster = clusterAs(callerKubeConfig(this.base, token));
      this.byToken.set(key, cluster);
    }
    return cluster;
  }
}

/** REST paths of the objects the API reads and writes. */
export const paths = {
  custom: (plural: 'nomadjobs' | 'dispatches', ns?: string, name?: string): string =>
    `/apis/kubenomad.io/v1alpha1${ns ? `/namespaces/${encodeURIComponent(ns)}` : ''}/${plural}${name ? `/${encodeURIComponent(name)}` : ''}`,
  core: (resource: 'pods' | 'secrets', ns?: string, name?: string): string =>
    `/api/v1${ns ? `/namespaces/${encodeURIComponent(ns)}` : ''}/${resource}${name ? `/${encodeURIComponent(name)}` : ''}`,
  nodes: (name?: string): string => `/api/v1/nodes${name ? `/${encodeURIComponent(name)}` : ''}`,
  namespaces: (): string => '/api/v1/namespaces',
};

/** A path with a query (label or field selector), e.g. `withQuery(p, { labelSelector: 'a=b' })`. */
export function withQuery(path: string, query: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
