/**
 * Queued allocations are placed in job priority order when capacity frees: two jobs wait for the one node's
 * memory — the low-priority one queued first — and when the job holding it stops, the high-priority job is placed
 * and the low-priority one stays queued.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import type { NomadJobSpec } from '../../src/crds/nomadjob-types.js';
import { waitFor } from '../../src/local-cluster/readiness.js';
import { describePods, waitRunning } from './support/alloc.js';
import { createJob, jobPods, patchJobSpec, readJob, touchJob } from './support/jobs.js';
import { reconcileAgain, type TestController } from './support/operator.js';
import type { Recorder } from './support/watch.js';
import { startTestWorld, type TestWorld } from './support/world.js';

const DC = 'qp-e2e';
let kc: KubeConfig;
let ns: string;
let controller: TestController;
let recorder: Recorder<V1Pod>;
let world: TestWorld | undefined;

const job = (memory: number, priority?: number): NomadJobSpec => ({
  type: 'service', datacenters: [DC], ...(priority !== undefined ? { priority } : {}),
  groups: [{ name: 'g', count: 1, tasks: [{ name: 't', driver: 'docker', config: { image: 'nginx:1.27' }, resources: { cpu: 100, memory } }] }],
});

async function waitQueued(name: string): Promise<void> {
  await waitFor(`${name} queued`, async () => {
    const st = (await readJob(kc, ns, name))?.status;
    return (st?.summary?.g?.queued === 1 && (st.placementFailures?.length ?? 0) > 0) || JSON.stringify(st?.summary);
  }, 60_000, 250);
}

beforeAll(async () => {
  world = await startTestWorld('e2e-queued-priority', [{ name: `${DC}-1`, datacenter: DC, cpuCores: 2, memoryMiB: 1024 }]);
  ({ kc, ns, recorder, controller } = world);
}, 180_000);

afterAll(() => world?.stop());

describe('capacity freeing up', () => {
  it('goes to the waiting job of highest priority first', async () => {
    await createJob(kc, ns, 'filler', job(900));
    await waitRunning(kc, ns, 'filler', 1);
    await createJob(kc, ns, 'low', job(600, 30));
    await waitQueued('low');
    await createJob(kc, ns, 'high', job(600, 70));
    await waitQueued('high');
    await patchJobSpec(kc, ns, 'filler', { stop: true });
    await waitRunning(kc, ns, 'high', 1);
    await reconcileAgain(controller, (i) => touchJob(kc, ns, 'low', `again-${i}`), 2);
    const low = await readJob(kc, ns, 'low');
    expect(low?.status?.summary?.g?.queued).toBe(1);
    recorder.assertComplete();
    const lowPods = recorder.events.filter((e) => e.object.metadata?.labels?.['kubenomad.io/job'] === 'low');
    expect(lowPods.map((e) => `${e.type} ${e.object.metadata?.name}`)).toEqual([]);
    expect(describePods(await jobPods(kc, ns, 'high'))).toMatch(/Running/);
  }, 180_000);
});
