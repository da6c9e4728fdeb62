/**
 * The dispatch controller's wiring: informers on Dispatches and NomadJobs; a Dispatch change enqueues
 * it, a child job's change enqueues its owning Dispatch, and a parameterized job's change enqueues the
 * Dispatches still waiting for it.
 */
import type { ControllerOptions, RunningController } from '../runtime/controller-options.js';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { Dispatch } from '../../crds/dispatch-types.js';
import type { NomadJob } from '../../crds/nomadjob-types.js';
import { kubeApi } from '../../k8s/api.js';
import type { RunningInformer } from '../../k8s/informer.js';
import { startKindInformer } from '../periodic/controller.js';
import { WorkQueue } from '../runtime/work-queue.js';
import { DispatchReconciler } from './reconciler.js';

/** Options of the dispatch controller. */
export type DispatchControllerOptions = ControllerOptions;

/** A running controller. */
export type RunningDispatchController = RunningController;

const keyOf = (ns: string | undefined, name: string | undefined): string => `${ns ?? 'default'}/${name ?? ''}`;

/** Starts informers and workers; resolves once the caches are synced. */
export async function startDispatchController(o: DispatchControllerOptions): Promise<RunningDispatchController> {
  const api = o.api ?? kubeApi(o.kc);
  const informers: { jobs?: RunningInformer<KubernetesObject>; dispatches?: RunningInformer<KubernetesObject> } = {};
  const reconciler = new DispatchReconciler({
    api, log: o.log,
    caches: {
      dispatch: (ns, name) => informers.dispatches?.get(name, ns) as Dispatch | undefined,
      job: (ns, name) => informers.jobs?.get(name, ns) as NomadJob | undefined,
    },
  });
  const queue = new WorkQueue((key) => reconciler.reconcile(key), {
    name: 'dispatch',
    concurrency: o.concurrency ?? 4,
    onError: (key, err, retry) => o.log.warn({ dispatch: key, err: err instanceof Error ? err.message : String(err), retryInMs: retry }, 'dispatch reconcile failed'),
  });
  const onJob = (job: NomadJob): void => {
    const owner = job.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'Dispatch');
    if (owner) queue.add(keyOf(job.metadata.namespace, owner.name));
    if (!job.spec.parameterized) return;
    for (const d of (informers.dispatches?.list(job.metadata.namespace) ?? []) as unknown as Dispatch[]) {
      if (d.spec.job === job.metadata.name && !d.status?.childJob) queue.add(keyOf(d.metadata.namespace, d.metadata.name));
    }
  };
  informers.dispatches = await startKindInformer<Dispatch>(o, api, 'dispatches', {
    onUpsert: (d) => queue.add(keyOf(d.metadata.namespace, d.metadata.name)),
    onDelete: () => undefined,
  });
  informers.jobs = await startKindInformer<NomadJob>(o, api, 'nomadjobs', { onUpsert: onJob, onDelete: onJob });
  queue.start();
  o.log.info({ namespace: o.namespace ?? '*' }, 'dispatch controller started');
  return {
    async stop() {
      await queue.stop();
      await Promise.all([informers.jobs?.stop(), informers.dispatches?.stop()]);
    },
  };
}
