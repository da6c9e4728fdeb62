/**
 * Pods this operator created that its cache has not shown yet (controller-runtime's "expectations"): a pass that
 * runs before the pod informer catches up still sees them, so it never plans the same allocation twice.
 */
import { CONFIRMED_TTL_MS } from '../cluster/cluster-view.js';
import type { ObservedPod } from './observed.js';

interface Expected {
  pod: ObservedPod;
  untilMs: number;
}

/**
 * How long a created pod is expected without being seen: as long as its capacity hold in the cluster view
 * (CONFIRMED_TTL_MS), so a watch minutes behind never makes a created allocation look vanished (re-planned, a name
 * reused, its node's capacity counted twice or not at all).
 */
export const EXPECTED_TTL_MS = CONFIRMED_TTL_MS;

/** Created-but-unseen pods per job key, dropped once seen or after a TTL. */
export class ExpectedPods {
  private readonly byJob = new Map<string, Map<string, Expected>>();

  constructor(private readonly ttlMs = EXPECTED_TTL_MS) {}

  /** Records a pod created for the job. */
  add(job: string, pod: ObservedPod, nowMs: number): void {
    let pods = this.byJob.get(job);
    if (!pods) this.byJob.set(job, (pods = new Map()));
    pods.set(pod.name, { pod, untilMs: nowMs + this.ttlMs });
  }

  /** The job's observed pods plus the created ones the cache does not show yet. */
  merge(job: string, observed: ObservedPod[], nowMs: number): ObservedPod[] {
    const pods = this.byJob.get(job);
    if (!pods) return observed;
    const seen = new Set(observed.map((p) => p.name));
    for (const [name, e] of pods) if (seen.has(name) || e.untilMs < nowMs) pods.delete(name);
    if (pods.size === 0) this.byJob.delete(job);
    return [...observed, ...[...pods.values()].map((e) => e.pod)];
  }

  /** Forgets one pod (it was deleted). */
  forget(job: string, name: string): void {
    this.byJob.get(job)?.delete(name);
  }

  /** Forgets a job. */
  drop(job: string): void {
    this.byJob.delete(job);
  }
}
