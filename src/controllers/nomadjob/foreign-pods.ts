/**
 * Pods that name `schedulerName: kubenomad` but are not NomadJob allocations: kubenomad places them with
 * the same engine (resources from their requests, tolerations honoured) and binds them, as any custom
 * scheduler does.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { KubeApi } from '../../k8s/api.js';
import { toApiError } from '../../k8s/objects.js';
import type { Logger } from '../../logging.js';
import { placeAllocations } from '../../placement/index.js';
import type { GroupSpec, JobSpec, Toleration } from '../../placement/types.js';
import type { ClusterView } from '../cluster/cluster-view.js';
import { podRequests } from '../cluster/pod-adapter.js';
import { JOB_LABEL, SCHEDULER_NAME } from './labels.js';
import { assumedAllocation } from './placement-request.js';
import { DEFAULT_MHZ_PER_CORE } from './resources.js';
import type { SchedulerSettings } from './reconciler.js';
import { splitKey } from './store.js';

/** Dependencies of the binder. */
export interface ForeignPodDeps {
  api: KubeApi;
  view: ClusterView;
  log: Logger;
  settings: SchedulerSettings;
}

/** Places and binds third-party pods. */
export class ForeignPodBinder {
  private readonly pending = new Map<string, V1Pod>();

  constructor(private readonly d: ForeignPodDeps) {}

  /** Whether a pod is an unbound third-party pod for kubenomad. */
  static wants(pod: V1Pod): boolean {
    return pod.spec?.schedulerName === SCHEDULER_NAME && !pod.spec.nodeName && !pod.metadata?.labels?.[JOB_LABEL]
      && !pod.metadata?.deletionTimestamp && pod.status?.phase === 'Pending';
  }

  /** Remembers the latest version of a pod to place. */
  track(pod: V1Pod): void {
    this.pending.set(`${pod.metadata?.namespace}/${pod.metadata?.name}`, pod);
  }

  /** Places one pod by key; retries later when nothing fits. */
  async reconcile(key: string): Promise<{ requeueAfterMs?: number } | void> {
    const pod = this.pending.get(key);
    if (!pod || !ForeignPodBinder.wants(pod)) return;
    const { namespace, name } = splitKey(key);
    const requests = podRequests(pod, DEFAULT_MHZ_PER_CORE);
    const job: JobSpec = { id: `pod:${name}`, namespace, type: 'service', priority: 50 };
    const group: GroupSpec = {
      name: 'pod',
      count: 1,
      resources: { cpu: Math.max(requests.cpu, 1), memory: requests.memory, disk: requests.disk, extended: requests.extended },
      tolerations: (pod.spec?.tolerations ?? []) as Toleration[],
    };
    const now = Date.now();
    const plan = placeAllocations(this.d.view.snapshot(now), { job, group, asks: [{ name: key }] }, { seed: key, algorithm: this.d.settings.algorithm });
    const placement = plan.placements[0];
    const node = placement ? this.d.view.node(placement.nodeName) : undefined;
    if (!placement || !node) {
      this.d.log.info({ pod: key }, 'no node fits a pod for schedulerName kubenomad yet');
      return { requeueAfterMs: 10_000 };
    }
    this.d.view.assume(assumedAllocation(key, namespace, job, group, placement, node), now);
    try {
      await this.d.api.bindPod(namespace, name, pod.metadata?.uid, placement.nodeName);
      this.pending.delete(key);
    } catch (err) {
      this.d.view.forget(key);
      if (toApiError(err).code === 409 || toApiError(err).code === 404) return;
      throw err;
    }
  }
}
