/** What a handler gets (the request, the caller's cluster, the server's settings) and what it returns. */
import type { SchedulerSettings } from '../controllers/nomadjob/schedule.js';
import type { Cluster } from './cluster.js';
import { errors } from './errors.js';
import { kubeNamespace, type NamespaceMap } from './shapes/namespaces.js';

/** Server-wide settings. */
export interface ApiSettings {
  ns: NamespaceMap;
  /** The operator's scheduler settings (plan decides as the operator does). */
  scheduler: SchedulerSettings;
  /** Nomad's region name reported by /v1/regions and /v1/agent/self. */
  region: string;
  /** The address /v1/status/leader reports (this server). */
  advertise: string;
  /** How long dispatch and periodic force wait for the operator's answer. */
  operatorWaitMs: number;
  /** Prometheus text of the operator's metrics, for /v1/metrics?format=prometheus. */
  metrics?: () => Promise<string>;
}

/** One request. */
export interface ApiRequest {
  method: string;
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** The parsed JSON body (undefined when empty). */
  body: unknown;
  rawBody: string;
  cluster: Cluster;
  settings: ApiSettings;
  /** Aborts when the client goes away (a blocking query stops waiting). */
  signal?: AbortSignal;
}

/** A handler's answer: the JSON body, its index, and the collection a blocking query would watch. */
export interface ApiReply {
  body: unknown;
  index?: number;
  /** For blocking queries: the collection (path and query) and the resourceVersion to watch from. */
  watch?: { path: string; resourceVersion: string };
  /** Plain text instead of JSON (e.g. Prometheus metrics). */
  text?: { contentType: string };
}

/** A route handler. */
export type Handler = (req: ApiRequest) => Promise<ApiReply>;

/** The Kubernetes namespace of the request's `?namespace=` (undefined: all, for `*`). */
export function requestNamespace(req: ApiRequest): string | undefined {
  return kubeNamespace(req.settings.ns, req.query.get('namespace'));
}

/** The request's single Kubernetes namespace; `*` is refused where one namespace is needed. */
export function singleNamespace(req: ApiRequest): string {
  const ns = requestNamespace(req);
  if (ns === undefined) throw errors.badRequest('namespace "*" is not valid here: name one namespace');
  return ns;
}

/** The body as an object, or Nomad's 400. */
export function bodyObject(req: ApiRequest): Record<string, unknown> {
  const b = req.body;
  if (typeof b !== 'object' || b === null || Array.isArray(b)) throw errors.badRequest('Request body must be a JSON object');
  return b as Record<string, unknown>;
}
