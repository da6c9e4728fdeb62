/**
 * The Nomad identity of allocation pods as the issue specifies it (label and annotation names spelled here, not
 * imported, so a rename in the code fails the tests), and waits on a job's pods.
 */
import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import { waitFor } from '../../../src/local-cluster/readiness.js';
import { jobPods } from './jobs.js';

/** Label: the allocation's NOMAD_ALLOC_ID. */
export const ALLOC_ID = 'kubenomad.io/alloc-id';
/** Label: the allocation index within its group. */
export const ALLOC_INDEX = 'kubenomad.io/alloc-index';
/** Label: the task group. */
export const GROUP = 'kubenomad.io/group';
/** Annotation: Nomad's alloc name `<job>.<group>[<index>]`. */
export const ALLOC_NAME = 'kubenomad.io/alloc-name';
/** Annotation: the NOMAD_ALLOC_ID of the allocation this one replaces. */
export const PREVIOUS_ALLOC = 'kubenomad.io/previous-alloc';

/** A pod's allocation id. */
export const allocId = (p: V1Pod): string | undefined => p.metadata?.labels?.[ALLOC_ID];
/** A pod's allocation index. */
export const allocIndex = (p: V1Pod): string | undefined => p.metadata?.labels?.[ALLOC_INDEX];
/** The allocation a pod replaces. */
export const previousAlloc = (p: V1Pod): string | undefined => p.metadata?.annotations?.[PREVIOUS_ALLOC];
/** Not being deleted. */
export const live = (p: V1Pod): boolean => !p.metadata?.deletionTimestamp;
/** Running and not being deleted. */
export const running = (pods: V1Pod[]): V1Pod[] => pods.filter((p) => live(p) && p.status?.phase === 'Running');

/** One line per pod, for failure messages: name, node, phase, index, alloc id, previous alloc. */
export function describePods(pods: V1Pod[]): string {
  return pods.map((p) => `${p.metadata?.name}@${p.spec?.nodeName ?? '-'} ${p.status?.phase}${live(p) ? '' : ' (deleting)'} [${allocIndex(p)}] id=${allocId(p)?.slice(0, 8)} prev=${previousAlloc(p)?.slice(0, 8) ?? '-'}`).join('; ');
}

/** Waits until `count` pods of the job run (none being deleted) and returns them. */
export async function waitRunning(kc: KubeConfig, namespace: string, job: string, count: number, timeoutMs = 120_000): Promise<V1Pod[]> {
  let last: V1Pod[] = [];
  await waitFor(`${count} running pods of ${namespace}/${job}`, async () => {
    last = await jobPods(kc, namespace, job);
    return running(last).length === count || `${running(last).length} running: ${describePods(last)}`;
  }, timeoutMs, 500);
  return running(last);
}
