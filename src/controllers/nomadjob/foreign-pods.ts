/**
 * Pods that name `schedulerName: kubenomad` but are not NomadJob allocations, scheduled as kube-scheduler does:
 * a scheduling queue (FIFO), batched decisions (each pod decided by `schedulePod` with the same engine, settings
 * and units as allocations, and assumed at once, so a batch never over-commits), then the batch's binds in parallel.
 * Pods that fit nowhere wait in an unschedulable set until capacity changes (or a periodic retry).
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { KubeApi } from '../../k8s/api.js';
import { toApiError } from '../../k8s/objects.js';
import type { Logger } from '../../logging.js';
import type { ClusterView } from '../cluster/cluster-view.js';
import { writeMayHaveApplied, mapLimit } from './apply.js';
import { JOB_LABEL, SCHEDULER_NAME } from './labels.js';
import type { SchedulerSettings } from './schedule.js';
import { schedulePod } from './schedule-pod.js';

/** Dependencies of the binder. */
export interface ForeignPodDeps {
  api: KubeApi;
  view: ClusterView;
  log: Logger;
  settings: SchedulerSettings;
  now: () => Date;
  /** Pods decided per batch (default 256) and binds in flight (default 64). */
  batchSize?: number;
  bindConcurrency?: number;
  /** Retry for unschedulable pods when no capacity event comes (default 10 s). */
  retryMs?: number;
}

const key = (pod: V1Pod): string => `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;

/** The scheduling queue and binder of third-party pods. */
export class ForeignPodBinder {
  /** Latest version of every pod waiting to be placed (active or unschedulable). */
  private readonly pending = new Map<string, V1Pod>();
  private readonly active = new Set<string>();
  private readonly unschedulable = new Set<string>();
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly d: ForeignPodDeps) {}

  /** Whether a pod is an unbound third-party pod for kubenomad. */
  static wants(pod: V1Pod): boolean {
    return pod.spec?.schedulerName === SCHEDULER_NAME && !pod.spec.nodeName && !pod.metadata?.labels?.[JOB_LABEL]
      && !pod.metadata?.deletionTimestamp && pod.status?.phase === 'Pending';
  }

  /** Queues (or refreshes) a pod to place. */
  track(pod: V1Pod): void {
    const k = key(pod);
    this.pending.set(k, pod);
    if (!this.unschedulable.has(k)) this.activate(k);
  }

  /** Forgets a pod (deleted, bound, or no longer ours). */
  untrack(k: string): void {
    this.pending.delete(k);
    this.active.delete(k);
    this.unschedulable.delete(k);
  }

  /** Capacity changed (a node joined or changed, a pod finished): unschedulable pods get another try. */
  capacityChanged(): void {
    for (const k of this.unschedulable) this.activate(k);
    this.unschedulable.clear();
  }

  /** Number of pods waiting (active + unschedulable). */
  get size(): number {
    return this.pending.size;
  }

  private activate(k: string): void {
    this.active.add(k);
    this.wake?.();
  }

  /** Starts the scheduling loop. */
  start(): void {
    this.loop ??= this.run();
    this.retryTimer = setInterval(() => this.capacityChanged(), this.d.retryMs ?? 10_000);
    this.retryTimer.unref();
  }

  /** Stops taking pods; resolves when the batch in flight has finished binding. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (this.active.size === 0) await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
      if (this.stopped) return;
      await this.scheduleBatch();
    }
  }

  /** Decides up to one batch (synchronously, each placement assumed), then binds the batch in parallel. */
  async scheduleBatch(): Promise<void> {
    const batch = [...this.active].slice(0, this.d.batchSize ?? 256);
    const now = this.d.now();
    const binds: Array<{ pod: V1Pod; node: string }> = [];
    for (const k of batch) {
      this.active.delete(k);
      const pod = this.pending.get(k);
      if (!pod || !ForeignPodBinder.wants(pod)) {
        this.pending.delete(k);
        continue;
      }
      const decision = schedulePod(pod, this.d.view, this.d.settings, now);
      if (decision.placement) binds.push({ pod, node: decision.placement.nodeName });
      else {
        this.unschedulable.add(k);
        this.d.log.debug({ pod: k, why: decision.failure }, 'no node fits a pod for schedulerName kubenomad yet');
      }
    }
    await mapLimit(binds, this.d.bindConcurrency ?? 64, (b) => this.bind(b.pod, b.node));
  }

  private async bind(pod: V1Pod, node: string): Promise<void> {
    const k = key(pod);
    try {
      await this.d.api.bindPod(pod.metadata?.namespace ?? 'default', pod.metadata?.name ?? '', pod.metadata?.uid, node);
      this.d.view.confirm(k, this.d.now().getTime()); // bound: holds the node until the informer shows it, however late
      if (this.pending.get(k) === pod) this.untrack(k);
    } catch (err) {
      // A bind whose outcome is unknown (no answer, a 5xx) may have bound the pod: it keeps its hold until the
      // informer shows it (or the confirmed TTL passes); a retry then answers 409. A refused bind bound nothing.
      if (writeMayHaveApplied(err)) this.d.view.confirm(k, this.d.now().getTime());
      else this.d.view.forget(k);
      const code = toApiError(err).code;
      if (code === 404 || code === 409) return this.untrack(k); // gone, or bound by someone else
      this.d.log.warn({ pod: k, node, err: toApiError(err).message }, 'bind failed; will retry');
      this.unschedulable.add(k);
    }
  }
}
