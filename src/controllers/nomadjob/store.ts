/** In-memory indexes the NomadJob controller reads (fed by informers): jobs by key, allocation pods by job. */
import type { V1Pod } from '@kubernetes/client-node';
import type { NomadJob } from '../../crds/nomadjob-types.js';
import { JOB_LABEL } from './labels.js';

/** `namespace/name` of an object. */
export function keyOf(obj: { metadata?: { namespace?: string; name?: string } }): string {
  return `${obj.metadata?.namespace ?? 'default'}/${obj.metadata?.name ?? ''}`;
}

/** Splits a `namespace/name` key. */
export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** Jobs and their pods, indexed. */
export class JobStore {
  private readonly jobs = new Map<string, NomadJob>();
  private readonly podsByJob = new Map<string, Map<string, V1Pod>>();

  /** Records a job add/update. */
  upsertJob(job: NomadJob): void {
    this.jobs.set(keyOf(job), job);
  }

  /** Records a job deletion. */
  deleteJob(job: NomadJob): void {
    this.jobs.delete(keyOf(job));
  }

  /** A job by key. */
  job(key: string): NomadJob | undefined {
    return this.jobs.get(key);
  }

  /** All job keys. */
  jobKeys(): string[] {
    return [...this.jobs.keys()];
  }

  /** The job key a pod belongs to, if it is an allocation pod. */
  jobKeyOfPod(pod: V1Pod): string | undefined {
    const job = pod.metadata?.labels?.[JOB_LABEL];
    return job ? `${pod.metadata?.namespace ?? 'default'}/${job}` : undefined;
  }

  /** Records a pod add/update; returns its job key. */
  upsertPod(pod: V1Pod): string | undefined {
    const key = this.jobKeyOfPod(pod);
    if (!key) return undefined;
    let pods = this.podsByJob.get(key);
    if (!pods) this.podsByJob.set(key, (pods = new Map()));
    pods.set(pod.metadata?.name ?? '', pod);
    return key;
  }

  /** Records a pod deletion; returns its job key. */
  deletePod(pod: V1Pod): string | undefined {
    const key = this.jobKeyOfPod(pod);
    if (!key) return undefined;
    const pods = this.podsByJob.get(key);
    pods?.delete(pod.metadata?.name ?? '');
    if (pods?.size === 0) this.podsByJob.delete(key);
    return key;
  }

  /** The pods of a job. */
  pods(key: string): V1Pod[] {
    return [...(this.podsByJob.get(key)?.values() ?? [])];
  }
}
