/**
 * What every system places: N identical pods of one shape (500m / 1 GiB unless N needs smaller ones), as bare pods,
 * as one batch NomadJob (MHz on 1000 MHz nodes = millicores; MB) and as one batch/v1 Job — and, for the ceiling of
 * the NomadJob's own pods, those pods as the operator renders them.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { NomadJobSpec } from '../crds/nomadjob-types.js';
import { allocId, allocName, podName } from '../controllers/nomadjob/alloc-name.js';
import type { JobRef } from '../controllers/nomadjob/plan-types.js';
import { renderAllocPod } from '../controllers/nomadjob/pod-template.js';
import type { PodManifest } from '../controllers/nomadjob/pod-types.js';
import { markForNode } from '../controllers/nomadjob/schedule.js';
import type { BenchApi } from './api.js';
import { forEachLimit } from './api.js';

/** Requests of one bench pod. */
export interface PodShape {
  cpuMilli: number;
  memoryMiB: number;
}

/** The default shape: 500m CPU, 1 GiB (16 fill a node's CPU). */
export const DEFAULT_SHAPE: PodShape = { cpuMilli: 500, memoryMiB: 1024 };
/** The operator's writes in flight (src/controllers/nomadjob/apply.ts), used by the bench's own loops too. */
export const IN_FLIGHT = 16;
/** Label on every bench pod. */
export const BENCH_LABEL = 'bench.kubenomad.io/run';

/** The pod spec all systems share; `nodeName` presets the node (the ceiling), else `schedulerName` picks the binder. */
export function podSpec(shape: PodShape, schedulerName: string, nodeName?: string): object {
  const container = {
    name: 'work',
    image: 'busybox:1.36',
    resources: { requests: { cpu: `${shape.cpuMilli}m`, memory: `${shape.memoryMiB}Mi` } },
  };
  return { schedulerName, nodeName, containers: [container], restartPolicy: 'Never', terminationGracePeriodSeconds: 0 };
}

/** Bare pod number `i`. */
export function benchPod(shape: PodShape, ns: string, i: number, schedulerName: string, nodeName?: string): object {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, namespace: ns, labels: { [BENCH_LABEL]: ns } }, spec: podSpec(shape, schedulerName, nodeName) };
}

/** The spec of the bench's batch NomadJob: `count` allocations of the shape (MHz = millicores on 1000 MHz nodes). */
export function nomadJobSpec(shape: PodShape, count: number): NomadJobSpec {
  const task = { name: 'work', driver: 'docker', config: { image: 'busybox:1.36' }, resources: { cpu: shape.cpuMilli, memory: shape.memoryMiB } };
  return { type: 'batch', datacenters: ['*'], groups: [{ name: 'work', count, tasks: [task] }] } as NomadJobSpec;
}

/** One batch NomadJob with `count` allocations of the shape. */
export function nomadJob(shape: PodShape, ns: string, count: number): object {
  return { apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'bench', namespace: ns }, spec: nomadJobSpec(shape, count) };
}

/** One batch/v1 Job running `count` pods at once (parallelism = completions = count). */
export function batchJob(shape: PodShape, ns: string, count: number, name = 'bench'): object {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: ns },
    spec: {
      parallelism: count,
      completions: count,
      backoffLimit: 0,
      template: { metadata: { labels: { [BENCH_LABEL]: ns } }, spec: podSpec(shape, 'default-scheduler') },
    },
  };
}

/**
 * Allocation `i` of the bench NomadJob as the operator creates it on `nodeName` (rendered by the operator's own
 * code, the same labels, env, volumes and owner): the ceiling of the NomadJob's pods measures these bytes.
 */
export function allocationPod(job: JobRef, i: number, nodeName: string): PodManifest {
  const version = createHash('sha256').update(JSON.stringify(job.spec)).digest('hex').slice(0, 10);
  const identity = { group: 'work', index: i, version, generation: 0 };
  const alloc = {
    ...identity, podName: podName(job.name, identity), allocName: allocName(job.name, 'work', i),
    allocId: allocId(job.uid, identity), reason: 'new' as const, events: [],
  };
  const node = { id: nodeName, name: nodeName, datacenter: 'dc1', nodeClass: '', nodePool: 'default', attributes: {}, meta: {} };
  const rendered = renderAllocPod({ job, alloc, node, ports: [] });
  if (!rendered.ok) throw new Error(`Cannot render the bench allocation: ${rendered.errors.join('; ')}`);
  return markForNode(rendered.pod, job.spec.priority, nodeName, 'node-name');
}

/**
 * Creates pods 0 … count-1 (`podFor(i)`) with IN_FLIGHT requests in flight; resolves with the time of the first
 * write. Throws on the first create that still fails after retries.
 */
export async function createPods(api: BenchApi, ns: string, count: number, podFor: (i: number) => object, signal?: AbortSignal): Promise<number> {
  const firstWrite = performance.now();
  await forEachLimit(count, IN_FLIGHT, async (i) => {
    const res = await api.write('POST', `/api/v1/namespaces/${ns}/pods`, podFor(i));
    if (res.status !== 201) throw new Error(`Cannot create pod ${i} in ${ns}: ${res.status} ${res.body.slice(0, 200)}`);
  }, signal);
  return firstWrite;
}
