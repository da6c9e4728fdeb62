/**
 * Pods that name `schedulerName: kubenomad` but are not NomadJob allocations: kubenomad places them with the same
 * engine, settings and units as allocations (`schedulePod`) and binds them, as any custom scheduler does.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { KubeApi } from '../../k8s/api.js';
import { toApiError } from '../../k8s/objects.js';
import type { Logger } from '../../logging.js';
import type { ClusterView } from '../cluster/cluster-view.js';
import { JOB_LABEL, SCHEDULER_NAME } from './labels.js';
import type { SchedulerSettings } from './schedule.js';
import { schedulePod } from './schedule-pod.js';
import { splitKey } from './store.js';

/** Dependencies of the binder. */
export interface ForeignPodDeps {
  api: KubeApi;
  view: ClusterView;
  log: Logger;
  settings: SchedulerSettings;
  now: () => Date;
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

  /** Forgets a pod (deleted, or bound by someone else). */
  untrack(key: string): void {
    this.pending.delete(key);
  }

  /** Places one pod by key; retries later when nothing fits. */
  async reconcile(key: string): Promise<{ requeueAfterMs?: number } | void> {
    const pod = this.pending.get(key);
    if (!pod || !ForeignPodBinder.wants(pod)) return;
    const { namespace, name } = splitKey(key);
    const decision = schedulePod(pod, this.d.view, this.d.settings, this.d.now());
    if (!decision.placement) {
      this.d.log.info({ pod: key, why: decision.failure }, 'no node fits a pod for schedulerName kubenomad yet');
      return { requeueAfterMs: 10_000 };
    }
    try {
      await this.d.api.bindPod(namespace, name, pod.metadata?.uid, decision.placement.nodeName);
      this.pending.delete(key);
    } catch (err) {
      this.d.view.forget(key);
      if (toApiError(err).code === 409 || toApiError(err).code === 404) return;
      throw err;
    }
  }
}
