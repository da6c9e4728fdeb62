/**
 * The Services controller's wiring: an informer on NomadJobs enqueues each job whose spec changes; the reconciler
 * makes the job's Kubernetes Services match its `service` blocks.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import type { NomadJob } from '../../crds/nomadjob-types.js';
import { kubeApi } from '../../k8s/api.js';
import type { RunningInformer } from '../../k8s/informer.js';
import { startKindInformer } from '../periodic/controller.js';
import type { ControllerOptions, RunningController } from '../runtime/controller-options.js';
import { WorkQueue } from '../runtime/work-queue.js';
import { ServicesReconciler } from './reconciler.js';

/** Starts the informer and workers; resolves once the cache is synced. */
export async function startServicesController(o: ControllerOptions): Promise<RunningController> {
  const api = o.api ?? kubeApi(o.kc);
  const informers: { jobs?: RunningInformer<KubernetesObject> } = {};
  const reconciler = new ServicesReconciler({ api, log: o.log, job: (ns, name) => informers.jobs?.get(name, ns) as NomadJob | undefined });
  const queue = new WorkQueue((key) => reconciler.reconcile(key), {
    name: 'services',
    concurrency: o.concurrency ?? 4,
    onError: (key, err, retry) => o.log.warn({ job: key, err: err instanceof Error ? err.message : String(err), retryInMs: retry }, 'services reconcile failed'),
  });
  const enqueue = (job: NomadJob): void => queue.add(`${job.metadata.namespace ?? 'default'}/${job.metadata.name ?? ''}`);
  informers.jobs = await startKindInformer<NomadJob>(o, api, 'nomadjobs', { onUpsert: enqueue, onDelete: enqueue });
  queue.start();
  o.log.info({ namespace: o.namespace ?? '*' }, 'services controller started');
  return {
    async stop() {
      await queue.stop();
      await informers.jobs?.stop();
    },
  };
}
