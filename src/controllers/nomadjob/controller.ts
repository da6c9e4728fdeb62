/**
 * The NomadJob controller's wiring: informers (NomadJobs, all pods, nodes) feed the job store and the
 * cluster view, and enqueue job keys into a de-duplicating, rate-limited work queue. Node changes and
 * freed capacity re-queue system jobs and jobs with unplaced allocations.
 */
import type { KubeConfig, KubernetesObject, V1Node, V1Pod } from '@kubernetes/client-node';
import type { Registry } from 'prom-client';
import type { NomadJob } from '../../crds/nomadjob-types.js';
import { kubeApi, type KubeApi } from '../../k8s/api.js';
import { startInformer, type RunningInformer } from '../../k8s/informer.js';
import type { Logger } from '../../logging.js';
import { ClusterView } from '../cluster/cluster-view.js';
import { WorkQueue } from '../runtime/work-queue.js';
import { ExpectedPods } from './expected-pods.js';
import { ForeignPodBinder } from './foreign-pods.js';
import { controllerMetrics } from './metrics.js';
import { NomadJobReconciler, type SchedulerSettings } from './reconciler.js';
import { byPriority } from './queue-order.js';
import { JobStore, keyOf } from './store.js';

/** Options of the controller. */
export interface NomadJobControllerOptions {
  kc: KubeConfig;
  log: Logger;
  registry: Registry;
  settings: SchedulerSettings;
  concurrency?: number;
  api?: KubeApi;
  /** Only reconcile NomadJobs of this namespace (all namespaces when unset). Capacity is always cluster-wide. */
  namespace?: string;
}

/** A running NomadJob controller. */
export interface RunningController {
  stop(): Promise<void>;
}

const isSystem = (job: NomadJob | undefined): boolean => job?.spec.type === 'system' || job?.spec.type === 'sysbatch';

/** Starts informers and workers; resolves once the caches are synced and the workers run. */
export async function startNomadJobController(o: NomadJobControllerOptions): Promise<RunningController> {
  const api = o.api ?? kubeApi(o.kc);
  const store = new JobStore();
  const view = new ClusterView();
  const metrics = controllerMetrics(o.registry);
  const blocked = new Set<string>();
  const now = (): Date => new Date();
  const stopping = new AbortController();
  const reconciler = new NomadJobReconciler({ api, store, view, log: o.log, metrics, settings: o.settings, blocked, expected: new ExpectedPods(), now, signal: stopping.signal });
  const queue = new WorkQueue((key) => reconciler.reconcile(key), {
    name: 'nomadjob',
    concurrency: o.concurrency ?? 4,
    onError: (key, err, retry) => {
      metrics.reconcileErrors.inc();
      o.log.warn({ job: key, err: err instanceof Error ? err.message : String(err), retryInMs: retry }, 'reconcile failed');
    },
    onDepthChange: (d) => metrics.queueDepth.set(d),
  });
  const foreign = new ForeignPodBinder({ api, view, log: o.log, settings: o.settings, now });
  const requeueCapacityWaiters = (): void => {
    // Highest job priority first: the first retried job takes the freed capacity (queue-order.ts).
    for (const key of byPriority(blocked, (k) => store.job(k)?.spec.priority)) queue.add(key);
    foreign.capacityChanged();
  };
  const requeueSystemJobs = (): void => {
    for (const key of store.jobKeys()) if (isSystem(store.job(key))) queue.add(key);
  };
  const informers: Array<RunningInformer<never>> = [];
  const nodes = await startInformer<V1Node>(o.kc, { name: 'nodes', path: '/api/v1/nodes', list: (map) => api.listNodes(map) }, {
    onUpsert: (n) => {
      if (!view.upsertNode(n)) return; // a heartbeat: nothing placement reads changed
      requeueSystemJobs();
      requeueCapacityWaiters();
      // Jobs with allocations on the node re-check them (e.g. lost when it turns NotReady).
      for (const a of view.state.nodes.get(n.metadata?.uid ?? '')?.allocs.values() ?? []) queue.add(`${a.namespace}/${a.jobId}`);
    },
    onDelete: (n) => {
      o.log.info({ node: n.metadata?.name }, 'node deleted: its allocations are lost');
      view.deleteNode(n.metadata?.name ?? '');
      requeueSystemJobs();
      for (const key of store.jobKeys()) queue.add(key); // allocations on it are lost
    },
  }, o.log);
  const pods = await startInformer<V1Pod>(o.kc, { name: 'pods', path: '/api/v1/pods', list: (map) => api.listPods(map) }, {
    onUpsert: (p) => {
      const wasHolding = view.state.allocations.has(keyOf(p));
      view.upsertPod(p);
      const job = store.upsertPod(p);
      if (job) queue.add(job);
      else if (ForeignPodBinder.wants(p)) foreign.track(p);
      else foreign.untrack(keyOf(p));
      if (wasHolding && !view.state.allocations.has(keyOf(p))) requeueCapacityWaiters();
    },
    onDelete: (p) => {
      view.deletePod(p);
      foreign.untrack(keyOf(p));
      const job = store.deletePod(p);
      if (job) queue.add(job);
      requeueCapacityWaiters();
    },
  }, o.log);
  const asJob = (o: KubernetesObject): NomadJob => o as unknown as NomadJob;
  const jobs = await startInformer<KubernetesObject>(o.kc, {
    name: 'nomadjobs',
    path: o.namespace ? `/apis/kubenomad.io/v1alpha1/namespaces/${o.namespace}/nomadjobs` : '/apis/kubenomad.io/v1alpha1/nomadjobs',
    list: (map) => api.listCustom<KubernetesObject>('nomadjobs', o.namespace, map) as never,
  }, {
    onUpsert: (j) => {
      store.upsertJob(asJob(j));
      queue.add(keyOf(j));
    },
    onDelete: (j) => {
      store.deleteJob(asJob(j));
      queue.add(keyOf(j));
    },
  }, o.log);
  informers.push(nodes as never, pods as never, jobs as never);
  queue.start();
  foreign.start();
  o.log.info({ jobs: store.jobKeys().length, nodes: view.nodes().length }, 'NomadJob controller started');
  return {
    async stop() {
      stopping.abort(); // in-flight reconciles abandon the writes they have not started
      await Promise.all([queue.stop(), foreign.stop()]);
      await Promise.all(informers.map((i) => i.stop()));
    },
  };
}
