/**
 * `kubenomad node drain` as Nomad's drainer: a node with 6 allocations of a group with migrate { max_parallel = 2 }
 * is drained with -deadline and -ignore-system; never more than 2 of them migrate at once (an original still
 * running while its replacement exists), all 6 run elsewhere before the deadline, and the system allocation stays.
 * `node eligibility` cordons (and stops nothing); `node status` shows the drain.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { spawnSync } from 'node:child_process';
import type { NomadJobSpec } from '../../src/crds/nomadjob-types.js';
import { waitFor } from '../../src/local-cluster/readiness.js';
import { allocIndex, describePods, live, running, waitRunning } from './support/alloc.js';
import { kubeconfigPath } from './support/cluster.js';
import { createJob, jobPods } from './support/jobs.js';
import type { Recorder } from './support/watch.js';
import { startTestWorld, type TestWorld } from './support/world.js';

const DC = 'dr-e2e';
const BIN = new URL('../../bin/kubenomad.js', import.meta.url).pathname;
let kc: KubeConfig;
let ns: string;
let nodes: string[] = [];
let recorder: Recorder<V1Pod>;
let world: TestWorld | undefined;

const task = { name: 'app', driver: 'docker', config: { image: 'nginx:1.27' }, resources: { cpu: 100, memory: 64 } };
const web: NomadJobSpec = {
  type: 'service', datacenters: [DC],
  groups: [{ name: 'web', count: 6, migrate: { maxParallel: 2, minHealthyTime: '1s', healthyDeadline: '1m' }, tasks: [task] }],
};
const agent: NomadJobSpec = { type: 'system', datacenters: [DC], groups: [{ name: 'agent', tasks: [{ ...task, name: 'agent' }] }] };

function cli(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args, '--kubeconfig', kubeconfigPath()], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/**
 * The most allocations of `job` migrating at once in the recording: slots whose original on `node` is still live
 * (not being deleted) while another live pod of the slot exists elsewhere.
 */
function maxMigrating(job: string, node: string): number {
  const state = new Map<string, V1Pod>();
  let max = 0;
  for (const e of recorder.events) {
    if (e.object.metadata?.labels?.['kubenomad.io/job'] !== job) continue;
    const uid = e.object.metadata?.uid ?? '';
    if (e.type === 'DELETED' || !live(e.object)) state.delete(uid);
    else state.set(uid, e.object);
    const pods = [...state.values()];
    const migrating = pods.filter((p) => p.spec?.nodeName === node && pods.some((q) => q !== p && allocIndex(q) === allocIndex(p) && q.spec?.nodeName !== node));
    max = Math.max(max, migrating.length);
  }
  return max;
}

beforeAll(async () => {
  world = await startTestWorld('e2e-drain', [1, 2, 3].map((i) => ({ name: `${DC}-${i}`, datacenter: DC, cpuCores: 4, memoryMiB: 4096 })));
  ({ kc, ns, nodes, recorder } = world);
}, 180_000);

afterAll(() => world?.stop());

describe('node drain with migrate { max_parallel = 2 }', () => {
  it('migrates the 6 allocations at most 2 at a time before the deadline; the system allocation stays', async () => {
    await createJob(kc, ns, 'agent', agent);
    await waitRunning(kc, ns, 'agent', 3);
    // The other nodes ineligible while web is placed: its 6 allocations land on the first node.
    const [node, ...others] = nodes as [string, ...string[]];
    for (const n of others) expect(cli(['node', 'eligibility', n, '-disable']).status).toBe(0);
    await createJob(kc, ns, 'web', web);
    const before = await waitRunning(kc, ns, 'web', 6);
    expect(before.filter((p) => p.spec?.nodeName === node)).toHaveLength(6);
    for (const n of others) expect(cli(['node', 'eligibility', n, '-enable']).status).toBe(0);
    // Ineligibility stops no allocation: the system job still runs 3.
    expect(running(await jobPods(kc, ns, 'agent'))).toHaveLength(3);
    const systemOnNode = running(await jobPods(kc, ns, 'agent')).find((p) => p.spec?.nodeName === node)!;

    const drain = cli(['node', 'drain', node, '-deadline', '5m', '-ignore-system']);
    expect({ status: drain.status, out: drain.stdout, err: drain.stderr }).toEqual({ status: 0, out: `Node "${node}" drain strategy set\n`, err: '' });
    const deadline = Date.now() + 5 * 60_000;
    const cordoned = await kc.makeApiClient(CoreV1Api).readNode({ name: node });
    expect(cordoned.spec?.unschedulable).toBe(true);

    await waitFor('6 web allocations running off the drained node', async () => {
      const pods = await jobPods(kc, ns, 'web');
      const onNode = pods.filter((p) => p.spec?.nodeName === node && live(p));
      return (onNode.length === 0 && running(pods).length === 6) || describePods(pods);
    }, 180_000, 250);
    expect(Date.now()).toBeLessThan(deadline);
    recorder.assertComplete();
    // Never more than max_parallel at once, and the limit was reached (6 in pairs).
    expect(maxMigrating('web', node)).toBe(2);
    // The system allocation is the same pod, still running on the node.
    const agentNow = (await jobPods(kc, ns, 'agent')).find((p) => p.metadata?.uid === systemOnNode.metadata?.uid);
    expect({ phase: agentNow?.status?.phase, live: agentNow ? live(agentNow) : false }).toEqual({ phase: 'Running', live: true });

    const status = cli(['node', 'status', node]);
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/Drain += true \(deadline .*, ignoring system jobs\)/);
    expect(status.stdout).toMatch(/Eligibility += ineligible/);
    expect(status.stdout).toMatch(/Allocations += 1 running or starting/);

    expect(cli(['node', 'drain', node, '-disable']).status).toBe(0);
    const after = await kc.makeApiClient(CoreV1Api).readNode({ name: node });
    expect({ unschedulable: after.spec?.unschedulable, drain: after.metadata?.annotations?.['kubenomad.io/drain'] }).toEqual({ unschedulable: undefined, drain: undefined });
  }, 300_000);

  it('node eligibility -disable cordons the node and -enable uncordons it', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    expect(cli(['node', 'eligibility', nodes[2]!, '-disable']).status).toBe(0);
    expect((await core.readNode({ name: nodes[2]! })).spec?.unschedulable).toBe(true);
    expect(cli(['node', 'eligibility', nodes[2]!, '-enable']).status).toBe(0);
    expect((await core.readNode({ name: nodes[2]! })).spec?.unschedulable).toBeUndefined();
  }, 60_000);
});
