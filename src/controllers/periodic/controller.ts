/**
 * The periodic controller's wiring: informers on NomadJobs and Periodics enqueue the periodic parent
 * (`namespace/job`); a child's change enqueues its owner. Each pass says when to wake up (the next
 * launch instant), kept as one timer per job.
 */
import type { ControllerOptions, RunningController } from '../runtime/controller-options.js';
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import type { NomadJob } from '../../crds/nomadjob-types.js';
import type { Periodic } from '../../crds/periodic-types.js';
import { kubeApi, type KubeApi, type KubenomadPlural } from '../../k8s/api.js';
import { startInformer, type RunningInformer } from '../../k8s/informer.js';
import type { Logger } from '../../logging.js';
import { WorkQueue } from '../runtime/work-queue.js';
import { PeriodicReconciler } from './reconciler.js';

/** Options of the periodic controller. */
export interface PeriodicControllerOptions extends ControllerOptions {
  /** Finished children kept when a Periodic sets no historyLimit. Default 10. */
  defaultHistoryLimit?: number;
}

/** A running controller. */
export type RunningPeriodicController = RunningController;

/** A kubenomad informer scoped to one namespace or the whole cluster. */
export async function startKindInformer<T>(
  o: { kc: KubeConfig; log: Logger; namespace?: string }, api: KubeApi, plural: KubenomadPlural,
  handlers: { onUpsert(obj: T): void; onDelete(obj: T): void },
): Promise<RunningInformer<KubernetesObject>> {
  const base = '/apis/kubenomad.io/v1alpha1';
  return startInformer<KubernetesObject>(o.kc, {
    name: plural,
    path: o.namespace ? `${base}/namespaces/${o.namespace}/${plural}` : `${base}/${plural}`,
    list: (map) => api.listCustom<KubernetesObject>(plural, o.namespace, map) as never,
  }, { onUpsert: (x) => handlers.onUpsert(x as T), onDelete: (x) => handlers.onDelete(x as T) }, o.log);
}

const keyOf = (ns: string | undefined, name: string | undefined): string => `${ns ?? 'default'}/${name ?? ''}`;

/** The parent key of a NomadJob: its NomadJob owner when it is a child, else itself. */
function jobKeys(job: NomadJob): string[] {
  const owner = job.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'NomadJob');
  return [keyOf(job.metadata.namespace, job.metadata.name), ...(owner ? [keyOf(job.metadata.namespace, owner.name)] : [])];
}

/** Starts informers, the queue and the wake-up timers; resolves once the caches are synced. */
export async function startPeriodicController(o: PeriodicControllerOptions): Promise<RunningPeriodicController> {
  const api = o.api ?? kubeApi(o.kc);
  const timers = new Map<string, NodeJS.Timeout>();
  const informers: { jobs?: RunningInformer<KubernetesObject>; periodics?: RunningInformer<KubernetesObject> } = {};
  const reconciler = new PeriodicReconciler({
    api, log: o.log, startedAt: new Date(), defaultHistoryLimit: o.defaultHistoryLimit ?? 10,
    caches: {
      job: (ns, name) => informers.jobs?.get(name, ns) as NomadJob | undefined,
      periodicsFor: (ns, job) => ((informers.periodics?.list(ns) ?? []) as unknown as Periodic[])
        .filter((p) => p.spec.job === job && !p.metadata.deletionTimestamp)
        .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '')),
    },
  });
  const queue: WorkQueue = new WorkQueue(async (key) => {
    const { wakeAt } = await reconciler.reconcile(key);
    clearTimeout(timers.get(key));
    timers.delete(key);
    if (!wakeAt) return;
    const timer = setTimeout(() => {
      timers.delete(key);
      queue.add(key);
    }, Math.max(0, wakeAt.getTime() - Date.now()));
    timer.unref();
    timers.set(key, timer);
  }, {
    name: 'periodic',
    concurrency: o.concurrency ?? 2,
    onError: (key, err, retry) => o.log.warn({ job: key, err: err instanceof Error ? err.message : String(err), retryInMs: retry }, 'periodic reconcile failed'),
  });
  informers.jobs = await startKindInformer<NomadJob>(o, api, 'nomadjobs', {
    onUpsert: (j) => jobKeys(j).forEach((k) => queue.add(k)),
    onDelete: (j) => jobKeys(j).forEach((k) => queue.add(k)),
  });
  informers.periodics = await startKindInformer<Periodic>(o, api, 'periodics', {
    onUpsert: (p) => queue.add(keyOf(p.metadata.namespace, p.spec.job)),
    onDelete: (p) => queue.add(keyOf(p.metadata.namespace, p.spec.job)),
  });
  queue.start();
  o.log.info({ namespace: o.namespace ?? '*' }, 'periodic controller started');
  return {
    async stop() {
      await queue.stop();
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      await Promise.all([informers.jobs?.stop(), informers.periodics?.stop()]);
    },
  };
}
