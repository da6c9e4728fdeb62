/**
 * The reconciler over a recording fake API, with one batch job of identical allocations on uniform nodes, and a
 * count of what every node holds: the harness of the over-commit tests (no cluster).
 */
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { NomadJob } from '../../../crds/nomadjob-types.js';
import { milliCpu } from '../../../k8s/quantity.js';
import { ClusterView } from '../../cluster/cluster-view.js';
import { ExpectedPods } from '../expected-pods.js';
import { controllerMetrics } from '../metrics.js';
import { NomadJobReconciler } from '../reconciler.js';
import type { SchedulerSettings } from '../schedule.js';
import { JobStore } from '../store.js';
import { RecordingApi } from './fake-api.js';
import { makeGroup, NOW } from './builders.js';

/** The job's store key. */
export const JOB_KEY = 'default/example';
/** Node capacity of the over-commit tests: 8 cores at 1000 MHz (8000m). */
export const NODE_MILLICORES = 8000;

/** A batch job of `count` allocations of 500 MHz / 1 GiB. */
function batchJob(count: number): NomadJob {
  return {
    apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'example', namespace: 'default', uid: 'job-uid', generation: 1, resourceVersion: '1' },
    spec: { type: 'batch', datacenters: ['dc1'], groups: [makeGroup({ count, tasks: [{ name: 't', driver: 'docker', config: { image: 'x' }, resources: { cpu: 500, memory: 1024 } }] })] },
  };
}

/** What `capacityWorld` returns. */
export interface CapacityWorld {
  api: RecordingApi;
  store: JobStore;
  view: ClusterView;
  job: NomadJob;
  reconciler: NomadJobReconciler;
  usedByNode(): Map<string, number>;
  overCommitted(): string[];
}

/** The world: fake API, store, cluster view (nodes not added), reconciler; `now` defaults to the fixed NOW. */
export function capacityWorld(count: number, settings: SchedulerSettings, now: () => Date = () => NOW): CapacityWorld {
  const api = new RecordingApi();
  const store = new JobStore();
  const view = new ClusterView();
  const job = batchJob(count);
  const reconciler = new NomadJobReconciler({
    api, store, view, log: pino({ level: 'silent' }), metrics: controllerMetrics(new Registry()), settings,
    blocked: new Set<string>(), expected: new ExpectedPods(), now,
  });
  /** Millicores requested on each node by the pods the fake API holds. */
  const usedByNode = (): Map<string, number> => {
    const used = new Map<string, number>();
    for (const p of api.pods.values()) used.set(p.spec!.nodeName!, (used.get(p.spec!.nodeName!) ?? 0) + milliCpu(p.spec!.containers[0]!.resources!.requests!.cpu as string));
    return used;
  };
  /** Nodes holding more than they have, as `node: millicores`. */
  const overCommitted = (): string[] => [...usedByNode()].filter(([, m]) => m > NODE_MILLICORES).map(([n, m]) => `${n}: ${m}m`);
  return { api, store, view, job, reconciler, usedByNode, overCommitted };
}
