/**
 * The over-commit invariant at bench scale, in-process: one batch job of 10,000 allocations of 500 MHz / 1 GiB on
 * 1,000 nodes of 8 cores at 1000 MHz / 32 GiB, placed in passes of 500 with the operator's default tight packing
 * (best fit, 2 candidates), while the informer shows only part of the created pods between passes.
 */
import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { NomadJob } from '../../crds/nomadjob-types.js';
import { milliCpu } from '../../k8s/quantity.js';
import { ClusterView } from '../cluster/cluster-view.js';
import { ExpectedPods } from './expected-pods.js';
import { controllerMetrics } from './metrics.js';
import { NomadJobReconciler } from './reconciler.js';
import { JobStore } from './store.js';
import { readyNode, RecordingApi } from './testing/fake-api.js';
import { makeGroup, NOW } from './testing/builders.js';

describe('NomadJob placement at scale', () => {
  it('never puts more on a node than it has while the cache shows only some of the created pods', async () => {
  const nodes = 1000, count = 10000;
  const api = new RecordingApi(); const store = new JobStore(); const view = new ClusterView();
  const job: NomadJob = { apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'example', namespace: 'default', uid: 'job-uid', generation: 1, resourceVersion: '1' },
    spec: { type: 'batch', datacenters: ['dc1'], groups: [makeGroup({ count, tasks: [{ name: 't', driver: 'docker', config: { image: 'x' }, resources: { cpu: 500, memory: 1024 } }] })] } };
  for (let i = 0; i < nodes; i++) view.upsertNode(readyNode({ name: `n${i}`, cpuCores: 8, cpuMhz: 1000, memoryMiB: 32768 }));
  const deps = { api, store, view, log: pino({ level: 'silent' }), metrics: controllerMetrics(new Registry()), settings: { algorithm: 'binpack' as const, placementBatch: 500, bestFitCandidates: 2 }, blocked: new Set<string>(), expected: new ExpectedPods(), now: () => NOW };
  const r = new NomadJobReconciler(deps);
  const sync = (k: number): void => { store.upsertJob(api.jobWithStatus(job)); let i = 0; for (const pod of api.pods.values()) { if (i++ % k === 0) { store.upsertPod(pod); view.upsertPod(pod); } } };
  sync(1);
  for (let i = 0; i < 25; i++) { await r.reconcile('default/example'); sync(i % 3 === 0 ? 1 : 7); }
  sync(1);
  const used = new Map<string, number>();
  for (const p of api.pods.values()) used.set(p.spec!.nodeName!, (used.get(p.spec!.nodeName!) ?? 0) + milliCpu(p.spec!.containers[0]!.resources!.requests!.cpu as string));
  const over = [...used].filter(([, m]) => m > 8000);
  expect(api.pods.size).toBe(count);
  expect(over).toEqual([]);
  expect(used.size).toBeLessThanOrEqual(Math.ceil((count / 16) * 1.02));
  }, 600_000);
});
