/**
 * A deployment survives its operator: two operator processes (leader election), the leader killed with SIGKILL
 * mid-rollout; the other takes over and continues the same deployment from the cluster's state (status + pods),
 * creating exactly one allocation per slot of the new version — none twice.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import { startOperatorProcess, type OperatorProcess } from '../../src/bench-hostile/operator-process.js';
import type { NomadJobSpec, UpdateStrategy } from '../../src/crds/nomadjob-types.js';
import { deleteFakeNodes } from '../../src/local-cluster/bootstrap.js';
import { UNREADY_ANNOTATION } from '../../src/local-cluster/kwok-stages.js';
import { waitFor } from '../../src/local-cluster/readiness.js';
import { describePods, live } from './support/alloc.js';
import { createNamespace, deleteNamespace, kubeConfig, kubeconfigPath } from './support/cluster.js';
import { isReady, makePodReady, versionOf, waitDeployment } from './support/deployment.js';
import { createJob, jobPods, patchJobSpec } from './support/jobs.js';
import { createReadyNodes } from './support/nodes.js';
import { recordChanges, type Recorder } from './support/watch.js';

const DC = 'dep-failover';
const NS = `e2e-${DC}`;
let kc: KubeConfig;
let nodes: string[] = [];
const operators: OperatorProcess[] = [];
let recording: Recorder<V1Pod> | undefined;

function startOperator(name: string): OperatorProcess {
  const op = startOperatorProcess({
    name, kubeconfig: kubeconfigPath(),
    env: {
      KUBENOMAD_NAMESPACE: NS, KUBENOMAD_METRICS_PORT: '0', KUBENOMAD_LEADER_ELECTION_ID: 'kubenomad-e2e-deploy',
      KUBENOMAD_LEADER_ELECTION_NAMESPACE: NS, KUBENOMAD_LEASE_DURATION_SECONDS: '6', KUBENOMAD_RENEW_DEADLINE_SECONDS: '4',
      KUBENOMAD_RETRY_PERIOD_SECONDS: '1',
    },
  });
  operators.push(op);
  return op;
}

async function waitLeader(candidates: OperatorProcess[]): Promise<OperatorProcess> {
  let leader: OperatorProcess | undefined;
  await waitFor('an operator to become leader', async () => {
    leader = candidates.find((op) => !op.exit() && op.logged('became leader'));
    return leader !== undefined || candidates.map((op) => `${op.name}: ${op.log.slice(-2).join(' | ')}`).join('\n');
  }, 60_000, 250);
  return leader!;
}

function webJob(image: string, update: UpdateStrategy, unready = false): NomadJobSpec {
  return {
    type: 'service', datacenters: [DC], update,
    groups: [{
      name: 'web', count: 6,
      tasks: [{
        name: 'redis', driver: 'docker', config: { image }, resources: { cpu: 200, memory: 128 },
        ...(unready ? { kubernetes: { annotations: { [UNREADY_ANNOTATION]: 'true' } } } : {}),
      }],
    }],
  };
}

/** Makes every running, unready pod of the new version Ready; returns the live pods of the new version. */
async function readyNew(oldVersion: string | undefined): Promise<V1Pod[]> {
  const fresh = (await jobPods(kc, NS, 'web')).filter((p) => live(p) && versionOf(p) !== oldVersion);
  for (const p of fresh.filter((x) => x.status?.phase === 'Running' && !isReady(x))) await makePodReady(kc, NS, p);
  return fresh;
}

beforeAll(async () => {
  kc = kubeConfig();
  await createNamespace(kc, NS);
  nodes = await createReadyNodes(kc, [1, 2, 3].map((i) => ({ name: `${DC}-${i}`, datacenter: DC, cpuCores: 4, memoryMiB: 4096 })));
}, 120_000);

afterAll(async () => {
  recording?.stop();
  await Promise.all(operators.map((op) => op.kill()));
  await deleteNamespace(kc, NS);
  await deleteFakeNodes(kc, nodes);
}, 60_000);

describe('an operator killed mid-deployment (kill -9), with a second replica', () => {
  it('continues the same deployment from where it was, with no extra allocations', async () => {
    const first = await waitLeader([startOperator('dep-op-a'), startOperator('dep-op-b')]);
    const update: UpdateStrategy = { maxParallel: 2, minHealthyTime: '1s', healthyDeadline: '2m', progressDeadline: '5m' };
    await createJob(kc, NS, 'web', webJob('redis:7', update));
    await waitDeployment(kc, NS, 'web', 'version 0 deployed', (d) => d.jobVersion === 0 && d.status === 'successful');
    const oldVersion = versionOf((await jobPods(kc, NS, 'web'))[0]!);

    recording = await recordChanges<V1Pod>(kc, { path: `/api/v1/namespaces/${NS}/pods` });
    await patchJobSpec(kc, NS, 'web', webJob('redis:8', update, true));
    // The first two become healthy; the leader then starts the next two, and is killed before they are healthy.
    await waitFor('the second pair of new pods', async () => {
      const fresh = await readyNew(oldVersion);
      return fresh.length >= 4 || describePods(fresh);
    }, 60_000, 200);
    const before = await waitDeployment(kc, NS, 'web', 'the deployment in progress', (d) => d.jobVersion === 1 && d.status === 'running');
    await first.kill();

    const second = await waitLeader(operators.filter((op) => op !== first));
    expect(second).not.toBe(first);
    await waitFor('6 ready pods of the new version, none of the old', async () => {
      const fresh = await readyNew(oldVersion);
      const all = (await jobPods(kc, NS, 'web')).filter(live);
      return (fresh.length === 6 && all.length === 6 && fresh.every(isReady)) || describePods(all);
    }, 120_000, 200);
    const done = await waitDeployment(kc, NS, 'web', 'version 1 successful', (d) => d.jobVersion === 1 && d.status === 'successful');
    expect(done.status?.deployment?.id).toBe(before.status?.deployment?.id);

    recording.assertComplete();
    const created = recording.events.filter((e) => e.type === 'ADDED' && versionOf(e.object) !== oldVersion).map((e) => e.object.metadata?.name);
    expect({ created: created.length, distinct: new Set(created).size }).toEqual({ created: 6, distinct: 6 });
  }, 240_000);
});
