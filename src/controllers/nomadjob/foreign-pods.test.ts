/** The scheduling queue of pods kubenomad did not create: batched decisions, parallel binds, unschedulable retry. */
import { describe, expect, it } from '@jest/globals';
import type { V1Pod } from '@kubernetes/client-node';
import { pino } from 'pino';
import { ClusterView } from '../cluster/cluster-view.js';
import { ForeignPodBinder } from './foreign-pods.js';
import { apiError, readyNode, RecordingApi } from './testing/fake-api.js';
import { NOW } from './testing/builders.js';

function pod(i: number, cpu = '500m', memory = '1Gi'): V1Pod {
  return {
    metadata: { name: `p${i}`, namespace: 'default', uid: `u${i}` },
    spec: { schedulerName: 'kubenomad', containers: [{ name: 'c', image: 'x', resources: { requests: { cpu, memory } } }] },
    status: { phase: 'Pending' },
  };
}

function setup(nodes = 2) {
  const api = new RecordingApi();
  const view = new ClusterView();
  // 2,400 MHz nodes of 2 CPU: 500m pods fit 4 per node, whatever the clock.
  for (let i = 0; i < nodes; i++) view.upsertNode(readyNode({ name: `n${i}`, cpuCores: 2, cpuMhz: 2400, memoryMiB: 16384 }));
  const binder = new ForeignPodBinder({ api, view, log: pino({ level: 'silent' }), settings: { algorithm: 'binpack' }, now: () => NOW });
  const bound = (): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const w of api.writes.filter((x) => x.op === 'bindPod')) out[w.detail as string] = (out[w.detail as string] ?? 0) + 1;
    return out;
  };
  return { api, view, binder, bound };
}

describe('ForeignPodBinder', () => {
  it('binds a batch without exceeding any node: 500m pods on 2-CPU nodes of any clock, 4 per node', async () => {
    const { binder, bound } = setup(2);
    for (let i = 0; i < 10; i++) binder.track(pod(i));
    await binder.scheduleBatch();
    // 2 nodes × 2000m / 500m = 8 pods fit; the other 2 wait.
    expect(Object.values(bound()).sort()).toEqual([4, 4]);
    expect(binder.size).toBe(2);
  });

  it('retries unschedulable pods when capacity changes', async () => {
    const { binder, bound, view } = setup(1);
    for (let i = 0; i < 6; i++) binder.track(pod(i));
    await binder.scheduleBatch();
    expect(bound()).toEqual({ n0: 4 });
    view.upsertNode(readyNode({ name: 'n1', cpuCores: 2, cpuMhz: 2400, memoryMiB: 16384 }));
    binder.capacityChanged();
    await binder.scheduleBatch();
    expect(bound()).toEqual({ n0: 4, n1: 2 });
    expect(binder.size).toBe(0);
  });

  it('drops its assumption when a bind is refused, so the capacity is free again', async () => {
    const { binder, api, view } = setup(1);
    api.fail.bindPod = apiError(403, 'pods "p0" is forbidden');
    binder.track(pod(0, '2000m'));
    await binder.scheduleBatch();
    expect(view.state.allocations.size).toBe(0);
    expect(binder.size).toBe(1);
  });

  it('keeps holding the node when a bind got no answer (it may have bound), and retries it', async () => {
    const { binder, api, view } = setup(1);
    api.fail.bindPod = new Error('read ECONNRESET');
    binder.track(pod(0, '2000m'));
    await binder.scheduleBatch();
    expect(view.state.allocations.size).toBe(1);
    expect(binder.size).toBe(1);
  });
});
