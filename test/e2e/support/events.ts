/** Kubernetes Events about a NomadJob, read through core/v1 (events.k8s.io events are served there too). */
import { CoreV1Api, type CoreV1Event, type KubeConfig } from '@kubernetes/client-node';
import { jobPods } from './jobs.js';

/** The events whose involvedObject is the NomadJob `name` in `namespace`. */
export async function jobEvents(kc: KubeConfig, namespace: string, name: string): Promise<CoreV1Event[]> {
  const list = await kc.makeApiClient(CoreV1Api).listNamespacedEvent({
    namespace,
    fieldSelector: `involvedObject.kind=NomadJob,involvedObject.name=${name}`,
  });
  return list.items;
}

/** How many times an event was reported: core/v1 `count`, or events.k8s.io `series.count`, else 1. */
export function occurrences(e: CoreV1Event): number {
  return Math.max(e.count ?? 1, e.series?.count ?? 1, 1);
}

/** The allocations a "Placed" event claims: the sum of its "Placed <n> allocation(s)" lines. */
export function placedClaim(e: CoreV1Event): number {
  return [...(e.message ?? '').matchAll(/Placed (\d+) allocations?\b/g)].reduce((n, m) => n + Number(m[1]), 0);
}

/** A "Placed" event that claims more allocations than the job has pods, with what was observed. */
export interface Overclaim {
  message: string;
  claimed: number;
  pods: number;
}

/** The job's events of reason "Placed". */
export async function placedEvents(kc: KubeConfig, namespace: string, job: string): Promise<CoreV1Event[]> {
  return (await jobEvents(kc, namespace, job)).filter((e) => e.reason === 'Placed');
}

/**
 * "Placed" events of a job that claim more allocations than pods exist for the job (terminal ones included).
 * Call when the job's pods are settled: a claim is compared with the pods that exist at that moment.
 */
export async function overclaimingPlacedEvents(kc: KubeConfig, namespace: string, job: string): Promise<Overclaim[]> {
  const pods = (await jobPods(kc, namespace, job)).length;
  return (await placedEvents(kc, namespace, job))
    .map((e) => ({ message: e.message ?? '', claimed: placedClaim(e), pods }))
    .filter((o) => o.claimed > o.pods);
}
