/**
 * What every system places: N identical pods of 500m / 1 GiB, as bare pods, as one batch NomadJob
 * (500 MHz on 1000 MHz nodes = 500m, 1024 MB) and as one batch/v1 Job.
 */
import { performance } from 'node:perf_hooks';
import type { BenchApi } from './api.js';
import { forEachLimit } from './api.js';

/** Requests of one pod: 500m CPU, 1 GiB. */
export const POD_CPU_MILLI = 500;
export const POD_MEMORY_MIB = 1024;
/** The operator's writes in flight (src/controllers/nomadjob/apply.ts), used by the bench's own loops too. */
export const IN_FLIGHT = 16;
/** Label on every bench pod. */
export const BENCH_LABEL = 'bench.kubenomad.io/run';

const container = {
  name: 'work',
  image: 'busybox:1.36',
  resources: { requests: { cpu: `${POD_CPU_MILLI}m`, memory: `${POD_MEMORY_MIB}Mi` } },
};

/** The pod spec all systems share; `nodeName` presets the node (the ceiling), else `schedulerName` picks the binder. */
export function podSpec(schedulerName: string, nodeName?: string): object {
  return { schedulerName, nodeName, containers: [container], restartPolicy: 'Never', terminationGracePeriodSeconds: 0 };
}

/** Bare pod number `i`. */
export function benchPod(ns: string, i: number, schedulerName: string, nodeName?: string): object {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, namespace: ns, labels: { [BENCH_LABEL]: ns } }, spec: podSpec(schedulerName, nodeName) };
}

/** One batch NomadJob with `count` allocations of 500 MHz / 1024 MB. */
export function nomadJob(ns: string, count: number): object {
  const task = { name: 'work', driver: 'docker', config: { image: 'busybox:1.36' }, resources: { cpu: 500, memory: POD_MEMORY_MIB } };
  return {
    apiVersion: 'kubenomad.io/v1alpha1',
    kind: 'NomadJob',
    metadata: { name: 'bench', namespace: ns },
    spec: { type: 'batch', datacenters: ['*'], groups: [{ name: 'work', count, tasks: [task] }] },
  };
}

/** One batch/v1 Job running `count` pods at once (parallelism = completions = count). */
export function batchJob(ns: string, count: number, name = 'bench'): object {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: ns },
    spec: {
      parallelism: count,
      completions: count,
      backoffLimit: 0,
      template: { metadata: { labels: { [BENCH_LABEL]: ns } }, spec: podSpec('default-scheduler') },
    },
  };
}

/**
 * Creates pods pod-0 … pod-(count-1) with IN_FLIGHT requests in flight; resolves with the time of the first write.
 * Throws on the first create that still fails after retries.
 */
export async function createPods(api: BenchApi, ns: string, count: number, spec: { schedulerName: string; nodeFor?: (i: number) => string }, signal?: AbortSignal): Promise<number> {
  const firstWrite = performance.now();
  await forEachLimit(count, IN_FLIGHT, async (i) => {
    const res = await api.write('POST', `/api/v1/namespaces/${ns}/pods`, benchPod(ns, i, spec.schedulerName, spec.nodeFor?.(i)));
    if (res.status !== 201) throw new Error(`Cannot create pod-${i} in ${ns}: ${res.status} ${res.body.slice(0, 200)}`);
  }, signal);
  return firstWrite;
}
