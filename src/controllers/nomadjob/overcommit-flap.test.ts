/**
 * The over-commit invariant while nodes flap NotReady → Ready (the 5,000-node bench: leases renewed late, lost
 * allocations replaced) and the cache shows only part of the pods between passes.
 */
import { describe, expect, it } from '@jest/globals';
import type { V1Node } from '@kubernetes/client-node';
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

function node(i: number, ready: boolean, sinceMs: number): V1Node {
  const n = readyNode({ name: `n${i}`, cpuCores: 8, cpuMhz: 1000, memoryMiB: 32768 }, ready);
  n.status!.conditions = [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: new Date(sinceMs) }];
  return n;
}

describe('NomadJob placement while nodes flap', () => {
  it('never puts more on a node than it has when lost allocations are replaced and their nodes come back', async () => {
    const nodes = 60, count = 900;
    const api = new RecordingApi(); const store = new JobStore(); const view = new ClusterView();
    const job: NomadJob = { apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'example', namespace: 'default', uid: 'job-uid', generation: 1, resourceVersion: '1' },
      spec: { type: 'batch', datacenters: ['dc1'], groups: [makeGroup({ count, tasks: [{ name: 't', driver: 'docker', config: { image: 'x' }, resources: { cpu: 500, memory: 1024 } }] })] } };
    let now = NOW.getTime();
    for (let i = 0; i < nodes; i++) view.upsertNode(node(i, true, now - 3_600_000));
    const deps = { api, store, view, log: pino({ level: 'silent' }), metrics: controllerMetrics(new Registry()), settings: { algorithm: 'binpack' as const, placementBatch: 100, bestFitCandidates: 2, nodeLostGraceMs: 10_000 }, blocked: new Set<string>(), expected: new ExpectedPods(), now: () => new Date(now) };
    const r = new NomadJobReconciler(deps);
    let tick = 0;
    /** Plays the informers, showing only every k-th pod event (deletions too): a lagging watch. */
    const sync = (k: number): void => {
      store.upsertJob(api.jobWithStatus(job));
      let i = 0;
      for (const pod of store.pods('default/example')) if (!api.pods.has(`default/${pod.metadata?.name}`) && i++ % k === 0) { store.deletePod(pod); view.deletePod(pod); }
      for (const pod of api.pods.values()) if ((i++ + tick) % k === 0) { store.upsertPod(pod); view.upsertPod(pod); }
    };
    const overCommitted = (): string[] => {
      const used = new Map<string, number>();
      for (const p of api.pods.values()) used.set(p.spec!.nodeName!, (used.get(p.spec!.nodeName!) ?? 0) + milliCpu(p.spec!.containers[0]!.resources!.requests!.cpu as string));
      return [...used].filter(([, m]) => m > 8000).map(([n, m]) => `${n}: ${m}m`);
    };
    sync(1);
    for (let pass = 0; pass < 12; pass++) { await r.reconcile('default/example'); sync(1); }
    expect(api.pods.size).toBe(count);
    let replaced = 0;
    for (let round = 0; round < 6; round++) {
      const flapping = Array.from({ length: 6 }, (_, j) => (round * 7 + j * 5) % nodes);
      now += 1_000;
      for (const i of flapping) view.upsertNode(node(i, false, now));
      for (let pass = 0; pass < 4; pass++) { tick++; now += 5_000; await r.reconcile('default/example'); sync(pass % 2 === 0 ? 3 : 5); }
      for (const i of flapping) view.upsertNode(node(i, true, now));
      for (let pass = 0; pass < 4; pass++) { tick++; now += 2_000; await r.reconcile('default/example'); sync(pass % 2 === 0 ? 2 : 7); }
      expect({ round, over: overCommitted() }).toEqual({ round, over: [] });
      replaced = api.writes.filter((w) => w.op === 'deletePod').length;
    }
    expect(replaced).toBeGreaterThan(0); // lost allocations were replaced and stopped on the way
  }, 600_000);
});
