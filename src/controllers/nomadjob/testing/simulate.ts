/** A tiny in-memory cluster for plan sequences: apply a plan's stops and creates to a pod list. */
import type { ObservedPod } from '../observed.js';
import type { JobPlan, JobRef } from '../plan-types.js';
import { NOW, podFor } from './builders.js';

/** Pods after applying a plan: stopped pods removed, created pods added (bound to `node`, running if asked). */
export function applyPlan(
  job: JobRef, pods: ObservedPod[], plan: JobPlan, opts: { node?: string; running?: boolean; at?: Date } = {},
): ObservedPod[] {
  const stopped = new Set(plan.stop.map((s) => s.podName));
  const created = plan.create.map((alloc) => {
    const builder = podFor(job, alloc, opts.at ?? NOW);
    const node = alloc.node ?? opts.node;
    if (node !== undefined) builder.on(node);
    if (opts.running) builder.running();
    return builder.build();
  });
  return [...pods.filter((p) => !stopped.has(p.name)), ...created];
}

/** A pod list with one pod replaced by a changed copy. */
export function updatePod(pods: ObservedPod[], name: string, change: (pod: ObservedPod) => void): ObservedPod[] {
  return pods.map((pod) => {
    if (pod.name !== name) return pod;
    const copy = structuredClone(pod);
    change(copy);
    return copy;
  });
}

/** Marks a pod Failed (exit 1) at `at`. */
export function failPod(pod: ObservedPod, at: Date = NOW): void {
  pod.phase = 'Failed';
  pod.containers = [{ name: 'redis', restartCount: 0, exitCode: 1, finishedAt: at.toISOString() }];
}

/** Marks a pod Succeeded (exit 0) at `at`. */
export function succeedPod(pod: ObservedPod, at: Date = NOW): void {
  pod.phase = 'Succeeded';
  pod.containers = [{ name: 'redis', restartCount: 0, exitCode: 0, finishedAt: at.toISOString() }];
}
