/**
 * Informers that keep going: client-node's ListWatch (list, then watch; relist on 410 Gone) restarted
 * with backoff whenever its watch or list fails, since 1.4 stops on any other error. Every listed and
 * watched object passes through the spec's transform before the cache stores it; watches of a pooled
 * kubeconfig use its watch connections (not rate limited, never holding the request pool).
 */
import { toApiError } from './objects.js';
import { KubeConfig, ListWatch, Watch, type KubernetesListObject, type KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from '../logging.js';
import { watchConfig } from './pooled-kubeconfig.js';
import { dropManagedFields, trimNode, trimPod, type Transform } from './trim.js';

/** Handlers of one informer. */
export interface InformerHandlers<T> {
  onUpsert(obj: T): void;
  onDelete(obj: T): void;
}

/** A started informer and its cache. */
export interface RunningInformer<T extends KubernetesObject> {
  list(namespace?: string): readonly T[];
  get(name: string, namespace?: string): T | undefined;
  stop(): Promise<void>;
}

/** What to watch. */
export interface InformerSpec<T extends KubernetesObject> {
  name: string;
  /** API path of the collection, e.g. `/api/v1/pods`. */
  path: string;
  /** The collection's list, with `map` (the informer's transform) applied to the items page by page (`listAllPages`). */
  list: (map: (item: T) => T) => Promise<KubernetesListObject<T>>;
  labelSelector?: string;
  fieldSelector?: string;
  /** Applied to every object before the cache stores it; default `defaultTransform(path)`. */
  transform?: Transform<T>;
}

/** Trims of the collections the operator caches at scale; every other collection only loses managedFields. */
const TRANSFORMS: Record<string, (obj: never) => unknown> = {
  '/api/v1/pods': trimPod,
  '/api/v1/nodes': trimNode,
};

/** The transform an informer of that collection path gets when its spec names none. */
export function defaultTransform<T extends KubernetesObject>(path: string): Transform<T> {
  return (TRANSFORMS[path] as unknown as Transform<T> | undefined) ?? dropManagedFields;
}

/** Watch events that carry an object of the collection (ERROR carries a Status, BOOKMARK only a resourceVersion). */
const OBJECT_EVENTS = new Set(['ADDED', 'MODIFIED', 'DELETED']);

/** A Watch that transforms the objects of its events. */
class TransformingWatch<T> extends Watch {
  constructor(kc: KubeConfig, private readonly transform: Transform<T>) {
    super(kc);
  }

  override watch(...[path, query, callback, done]: Parameters<Watch['watch']>): Promise<AbortController> {
    return super.watch(path, query, (phase, obj: T, raw?: unknown) => callback(phase, OBJECT_EVENTS.has(phase) ? this.transform(obj) : obj, raw), done);
  }
}


/** Longest wait before a failed watch or list is retried: after an apiserver or etcd outage changes are seen
 * within a few seconds (client-go's reflector backs off to 30 s, which left a 30 s blind window). */
export const MAX_RETRY_MS = 2_000;

/** Failures in a row logged at info level when transient (≈ 5 s of retries). */
const TRANSIENT_QUIET_FAILURES = 8;

/** HTTP statuses an apiserver answers while starting or overloaded. */
const TRANSIENT_CODES = new Set([429, 500, 502, 503, 504]);

/** A watch or list failure as one line: the HTTP status and the Status message (not the raw body), and whether it is expected to pass. */
export function watchError(err: unknown): { code: number; message: string; transient: boolean } {
  const e = toApiError(err);
  const network = /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|socket hang up|other side closed/i.test(e.message);
  const message = (e.code ? `HTTP ${e.code}${e.reason ? ` ${e.reason}` : ''}: ${e.message}` : e.message).replace(/\s+/g, ' ').slice(0, 300);
  return { code: e.code, message, transient: TRANSIENT_CODES.has(e.code) || network };
}

/** The wait before retry `failures` (1, 2, …): 250 ms doubling up to MAX_RETRY_MS, with ±25% jitter so a fleet of
 * informers does not reconnect in lockstep. `random` is injectable for tests. */
export function retryDelayMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_MS, 250 * 2 ** Math.min(Math.max(failures - 1, 0), 4));
  return Math.round(base * (0.75 + 0.5 * random()));
}

/** Starts an informer; resolves once the initial list has been delivered to the handlers. */
export async function startInformer<T extends KubernetesObject>(
  kc: KubeConfig,
  spec: InformerSpec<T>,
  handlers: InformerHandlers<T>,
  log: Logger,
): Promise<RunningInformer<T>> {
  const transform = spec.transform ?? defaultTransform<T>(spec.path);
  const watch = new TransformingWatch(watchConfig(kc), transform);
  let lists = 0;
  const list = (): Promise<KubernetesListObject<T>> => spec.list(transform);
  // Every list after the first is a relist (a watch fell too far behind: 410 Gone); worth a line, it re-syncs everything.
  const loggedList = async (): Promise<KubernetesListObject<T>> => {
    if (lists++ > 0) log.info({ informer: spec.name }, 'relisting (the watch fell behind)');
    return list();
  };
  const lw = new ListWatch<T>(spec.path, watch, loggedList, false, spec.labelSelector, spec.fieldSelector);
  let stopped = false;
  let failures = 0;
  lw.on('add', (o) => handlers.onUpsert(o));
  lw.on('update', (o) => {
    failures = 0;
    handlers.onUpsert(o);
  });
  lw.on('delete', (o) => handlers.onDelete(o));
  lw.on('error', (err) => {
    if (stopped) return;
    failures++;
    const delay = retryDelayMs(failures);
    const e = watchError(err);
    // Expected while the apiserver starts or restarts (429 while storage initialises, 503, refused connections):
    // logged at info for the first few tries, as one line with the status and message, never the raw JSON body.
    const level = e.transient && failures <= TRANSIENT_QUIET_FAILURES ? 'info' : 'warn';
    log[level]({ informer: spec.name, code: e.code || undefined, err: e.message, retryInMs: delay }, 'watch failed; restarting');
    setTimeout(() => {
      if (!stopped) lw.start().catch((e: unknown) => log.warn({ informer: spec.name, err: String(e) }, 'restart failed'));
    }, delay).unref();
  });
  await lw.start();
  return {
    list: (ns) => lw.list(ns),
    get: (name, ns) => lw.get(name, ns),
    async stop() {
      stopped = true;
      await lw.stop();
    },
  };
}
