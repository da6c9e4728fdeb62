/**
 * Informers that keep going: client-node's ListWatch (list, then watch; relist on 410 Gone) restarted
 * with backoff whenever its watch or list fails, since 1.4 stops on any other error.
 */
import { KubeConfig, ListWatch, Watch, type KubernetesListObject, type KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from '../logging.js';

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
  list: () => Promise<KubernetesListObject<T>>;
  labelSelector?: string;
  fieldSelector?: string;
}

/** Starts an informer; resolves once the initial list has been delivered to the handlers. */
export async function startInformer<T extends KubernetesObject>(
  kc: KubeConfig,
  spec: InformerSpec<T>,
  handlers: InformerHandlers<T>,
  log: Logger,
): Promise<RunningInformer<T>> {
  const lw = new ListWatch<T>(spec.path, new Watch(kc), spec.list, false, spec.labelSelector, spec.fieldSelector);
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
    const delay = Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
    log.warn({ informer: spec.name, err: String(err), retryInMs: delay }, 'watch failed; restarting');
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
