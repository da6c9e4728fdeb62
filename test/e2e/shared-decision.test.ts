/**
 * One scheduling decision, shared by everything that asks it (the contract): NomadJobs and plain
 * `schedulerName: kubenomad` pods applied at once on 200 nodes with mixed CPU clocks never over-commit a node;
 * a group's nodeSelector reaches placement; `kubenomad plan` names the nodes the operator then uses; and a job
 * that no retry can fix is reported invalid once, without pods.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CoreV1Api, type KubeConfig, type V1Node, type V1Pod } from '@kubernetes/client-node';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NomadJobSpec } from '../../src/crds/nomadjob-types.js';
import { deleteFakeNodes } from '../../src/local-cluster/bootstrap.js';
import type { FakeNodeSpec } from '../../src/local-cluster/fake-nodes.js';
import { waitFor } from '../../src/local-cluster/readiness.js';
import { ALLOC_NAME, describePods, running, waitRunning } from './support/alloc.js';
import { effectiveRequests, nodeOvercommits, overcommittedNodes } from './support/capacity.js';
import { createNamespace, deleteNamespace, kubeConfig, kubeconfigPath } from './support/cluster.js';
import { jobEvents, occurrences, overclaimingPlacedEvents } from './support/events.js';
import { createJob, jobPods, readJob, touchJob } from './support/jobs.js';
import { createReadyNodes } from './support/nodes.js';
import { reconcileAgain, startTestController, type TestController } from './support/operator.js';
import { recordChanges } from './support/watch.js';

const NS = 'e2e-shared';
const BIN = new URL('../../bin/kubenomad.js', import.meta.url).pathname;
const DATACENTER_LABEL = 'kubenomad.io/datacenter';
const DISK_LABEL = 'example.com/disk';
let kc: KubeConfig;
let core: CoreV1Api;
let controller: TestController | undefined;
const createdNodes: string[] = [];

async function addNodes(specs: FakeNodeSpec[]): Promise<string[]> {
  createdNodes.push(...specs.map((s) => s.name));
  return createReadyNodes(kc, specs, 300_000);
}

function cli(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args, '--kubeconfig', kubeconfigPath()], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Runs `fn` over items with at most `limit` in flight. */
async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

// sd-f: four small plain nodes and two large ones with an SSD label. Binpack prefers the fuller node, so an
// engine that ignored the nodeSelector would pick the small ones.
const F_NODES: FakeNodeSpec[] = [
  ...[1, 2, 3, 4].map((i) => ({ name: `sd-f-${i}`, datacenter: 'sd-f', cpuCores: 2, memoryMiB: 2048 })),
  ...[5, 6].map((i) => ({ name: `sd-f-${i}`, datacenter: 'sd-f', cpuCores: 16, memoryMiB: 65536, labels: { [DISK_LABEL]: 'ssd' } })),
];

beforeAll(async () => {
  kc = kubeConfig();
  core = kc.makeApiClient(CoreV1Api);
  await createNamespace(kc, NS);
  await addNodes(F_NODES);
  controller = await startTestController(NS);
}, 180_000);

afterAll(async () => {
  await controller?.stop();
  await deleteNamespace(kc, NS);
  await deleteFakeNodes(kc, createdNodes);
});

describe('the capacity check', () => {
  const c = (cpu: string, memory: string, restartPolicy?: string): Record<string, unknown> => ({ name: `c${cpu}`, image: 'x', restartPolicy, resources: { requests: { cpu, memory } } });
  const pod = (containers: unknown[], initContainers: unknown[] = []): V1Pod => ({ spec: { containers, initContainers } } as V1Pod);

  it.each([
    // containers 100m + 200m = 300m; init 250m < 300m
    ['sums containers; a larger init container does not add', pod([c('100m', '64Mi'), c('200m', '64Mi')], [c('250m', '32Mi')]), 300, 128],
    // init 1 CPU > containers 300m: the init container's request counts
    ['takes the largest init container when it is more', pod([c('100m', '64Mi'), c('200m', '64Mi')], [c('1', '256Mi')]), 1000, 256],
    // sidecar 50m runs beside the containers: 300m + 50m; the init after it needs 200m + 50m = 250m < 350m
    ['adds sidecars (init containers with restartPolicy Always) to the sum', pod([c('100m', '64Mi'), c('200m', '64Mi')], [c('50m', '16Mi', 'Always'), c('200m', '32Mi')]), 350, 144],
  ])('%s', (_name, p, cpu, memoryMi) => {
    const r = effectiveRequests(p);
    expect({ cpu: r.get('cpu'), memory: (r.get('memory') ?? 0) / 2 ** 20 }).toEqual({ cpu, memory: memoryMi });
  });

  it('reports what a node holds beyond its allocatable, and a host port held twice', () => {
    const node = { metadata: { name: 'n' }, status: { allocatable: { cpu: '1', memory: '1Gi', pods: '3' } } } as V1Node;
    const withPort = (cpu: string): V1Pod => ({ metadata: { namespace: 'x', name: cpu }, spec: { containers: [{ name: 'c', resources: { requests: { cpu, memory: '256Mi' } }, ports: [{ containerPort: 80, hostPort: 20000 }] }] } } as V1Pod);
    // cpu 600m + 500m = 1100m > 1000m; memory 512Mi ≤ 1Gi; 2 pods ≤ 3; TCP/20000 held by both
    expect(nodeOvercommits(node, [withPort('600m'), withPort('500m')]).map((o) => [o.resource, o.used, o.allocatable])).toEqual([
      ['cpu', 1100, 1000],
      ['hostPort TCP/20000', 2, 1],
    ]);
  });
});

describe('a group nodeSelector', () => {
  it('places the group only on nodes with the selected label', async () => {
    await createJob(kc, NS, 'ssd-only', {
      type: 'service',
      datacenters: ['sd-f'],
      groups: [{
        name: 'db',
        count: 6,
        kubernetes: { nodeSelector: { [DISK_LABEL]: 'ssd' } },
        tasks: [{ name: 'redis', driver: 'docker', config: { image: 'redis:7' }, resources: { cpu: 500, memory: 256 } }],
      }],
    });
    const pods = await waitRunning(kc, NS, 'ssd-only', 6);
    expect(pods.map((p) => p.spec?.nodeName).filter((n) => n !== 'sd-f-5' && n !== 'sd-f-6')).toEqual([]);
  }, 180_000);
});

// sd-e: 200 nodes of 8 CPUs / 32 GiB / 110 pods; clocks 1000, 2400, 3000 MHz in turn (67, 67, 66 nodes):
// 1600 CPUs, 6400 GiB. The workload (1550 pods) needs:
//   memory: 500 plain × 1 GiB + web 600 × 2 GiB + api 200 × 4 GiB + crunch 250 × 8 GiB = 4500 GiB (70 %)
//   cpu:    500 plain × 500m = 250 CPUs; crunch 250 × 1 core = 250 CPUs;
//           web 600 × 600 MHz = 600m / 250m / 200m each (1000 / 2400 / 3000 MHz nodes) → 120..360 CPUs;
//           api 200 × 2400 MHz = 2400m / 1000m / 800m each → 160..480 CPUs; in all 780..1340 CPUs (49..84 %)
// Memory comes in 1, 2, 4 and 8 GiB pieces on 32 GiB nodes: an 8 GiB piece finds no node only when every node
// has more than 24 GiB used (4800 GiB > 4500), so everything fits however the pieces are ordered.
const E_CLOCKS = [1000, 2400, 3000];
const E_NODES: FakeNodeSpec[] = Array.from({ length: 200 }, (_, i) => ({
  name: `sd-e-${String(i + 1).padStart(3, '0')}`, datacenter: 'sd-e', cpuCores: 8, cpuMhz: E_CLOCKS[i % 3], memoryMiB: 32768, pods: 110,
}));

const E_JOBS: Record<string, NomadJobSpec> = {
  web: {
    type: 'service',
    datacenters: ['sd-e'],
    groups: [{
      name: 'web',
      count: 600,
      networks: [{ ports: [{ label: 'http', to: 8080 }] }],
      tasks: [{ name: 'nginx', driver: 'docker', config: { image: 'nginx:1.27', ports: ['http'] }, resources: { cpu: 600, memory: 2048 } }],
    }],
  },
  api: {
    type: 'service',
    datacenters: ['sd-e'],
    groups: [{ name: 'api', count: 200, tasks: [{ name: 'api', driver: 'docker', config: { image: 'example/api:1' }, resources: { cpu: 2400, memory: 4096 } }] }],
  },
  crunch: {
    type: 'batch',
    datacenters: ['sd-e'],
    groups: [{ name: 'crunch', count: 250, tasks: [{ name: 'step', driver: 'exec', config: { command: '/bin/sleep', args: ['3600'] }, resources: { cores: 1, memory: 8192 } }] }],
  },
};
const E_COUNTS: Record<string, number> = { web: 600, api: 200, crunch: 250 };
const PLAIN_PODS = 500;

function plainPod(i: number): V1Pod {
  return {
    metadata: { name: `plain-${String(i).padStart(3, '0')}`, labels: { 'e2e.kubenomad.io/plain': 'true' } },
    spec: {
      schedulerName: 'kubenomad',
      nodeSelector: { [DATACENTER_LABEL]: 'sd-e' },
      containers: [{ name: 'c', image: 'busybox:1.36', resources: { requests: { cpu: '500m', memory: '1Gi' } } }],
    },
  };
}

/** Counts of running pods per job and of bound running plain pods; true when everything runs. */
async function sharedWorkloadRunning(): Promise<true | string> {
  const pods = (await core.listNamespacedPod({ namespace: NS })).items;
  const plain = running(pods.filter((p) => p.metadata?.labels?.['e2e.kubenomad.io/plain'])).filter((p) => p.spec?.nodeName).length;
  const jobs = Object.fromEntries(Object.keys(E_COUNTS).map((j) => [j, running(pods.filter((p) => p.metadata?.labels?.['kubenomad.io/job'] === j)).length]));
  const done = plain === PLAIN_PODS && Object.entries(E_COUNTS).every(([j, n]) => jobs[j] === n);
  if (done) return true;
  const failures = await Promise.all(Object.keys(E_JOBS).map(async (j) => (await readJob(kc, NS, j))?.status?.placementFailures?.map((f) => f.message).join(' | ') ?? ''));
  return `plain ${plain}/${PLAIN_PODS}, jobs ${JSON.stringify(jobs)}; placement failures: ${failures.filter((f) => f).join(' || ') || 'none'}`;
}

const matchesSelector = (pod: V1Pod, node: V1Node | undefined): boolean =>
  Object.entries(pod.spec?.nodeSelector ?? {}).every(([k, v]) => node?.metadata?.labels?.[k] === v);

describe('NomadJobs and plain pods applied at once on 200 nodes with mixed CPU clocks', () => {
  it('places everything and over-commits no node', async () => {
    await addNodes(E_NODES);
    const jobs = Object.entries(E_JOBS).map(([name, spec]) => createJob(kc, NS, name, spec));
    const plain = inParallel(Array.from({ length: PLAIN_PODS }, (_, i) => i), 25, async (i) => {
      await core.createNamespacedPod({ namespace: NS, body: plainPod(i) });
    });
    await Promise.all([...jobs, plain]);
    await waitFor('every allocation and plain pod running', sharedWorkloadRunning, 900_000, 2000);

    const nodes = (await core.listNode({})).items;
    const over = await overcommittedNodes(kc, nodes.map((n) => n.metadata?.name ?? ''));
    expect(over.slice(0, 20).map((o) => `${o.node} ${o.resource}: ${o.used} > ${o.allocatable} (${o.pods.length} pods)`)).toEqual([]);

    const byName = new Map(nodes.map((n) => [n.metadata?.name ?? '', n]));
    const pods = (await core.listNamespacedPod({ namespace: NS })).items;
    const plainElsewhere = pods.filter((p) => p.metadata?.labels?.['e2e.kubenomad.io/plain'] && !matchesSelector(p, byName.get(p.spec?.nodeName ?? '')));
    expect(plainElsewhere.slice(0, 10).map((p) => `${p.metadata?.name}@${p.spec?.nodeName}`)).toEqual([]);
    const allocsElsewhere = pods.filter((p) => E_COUNTS[p.metadata?.labels?.['kubenomad.io/job'] ?? ''] !== undefined
      && byName.get(p.spec?.nodeName ?? '')?.metadata?.labels?.[DATACENTER_LABEL] !== 'sd-e');
    expect(allocsElsewhere.slice(0, 10).map((p) => `${p.metadata?.name}@${p.spec?.nodeName}`)).toEqual([]);
    for (const job of Object.keys(E_JOBS)) expect(await overclaimingPlacedEvents(kc, NS, job)).toEqual([]);
  }, 1_200_000);
});

// sd-g: four nodes of different sizes and clocks, used by nothing but this test's job.
const G_NODES: FakeNodeSpec[] = [
  { name: 'sd-g-1', datacenter: 'sd-g', cpuCores: 4, cpuMhz: 2400, memoryMiB: 4096 },
  { name: 'sd-g-2', datacenter: 'sd-g', cpuCores: 8, cpuMhz: 3000, memoryMiB: 8192 },
  { name: 'sd-g-3', datacenter: 'sd-g', cpuCores: 2, cpuMhz: 1000, memoryMiB: 2048 },
  { name: 'sd-g-4', datacenter: 'sd-g', cpuCores: 4, cpuMhz: 2400, memoryMiB: 4096 },
];

const G_JOBSPEC = `job "sd-plan" {
  datacenters = ["sd-g"]
  group "cache" {
    count = 5
    network {
      port "db" {
        to = 6379
      }
    }
    task "redis" {
      driver = "docker"
      config {
        image = "redis:7"
        ports = ["db"]
      }
      resources {
        cpu    = 700
        memory = 768
      }
    }
  }
  group "web" {
    count = 3
    task "nginx" {
      driver = "docker"
      config {
        image = "nginx:1.27"
      }
      resources {
        cores  = 1
        memory = 512
      }
    }
  }
}
`;

/** The placements `plan -verbose` prints under `Placements (seed <hex>):`, alloc name → node. */
function parsePlacements(stdout: string): Record<string, string> {
  const lines = stdout.split('\n');
  const header = lines.findIndex((l) => /^Placements \(seed [0-9a-f]+\):$/.test(l));
  if (header < 0) throw new Error(`plan -verbose printed no "Placements (seed <hex>):" header:\n${stdout}`);
  const out: Record<string, string> = {};
  for (const line of lines.slice(header + 1)) {
    const m = /^ {2}(\S+\.\S+\[\d+\]) → (\S+)$/.exec(line);
    if (!m) break;
    out[m[1]!] = m[2]!;
  }
  return out;
}

describe('kubenomad plan', () => {
  let dir: string | undefined;
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('names the nodes the operator then places each allocation on', async () => {
    await addNodes(G_NODES);
    dir = mkdtempSync(join(tmpdir(), 'kubenomad-shared-decision-'));
    const file = join(dir, 'sd-plan.nomad');
    writeFileSync(file, G_JOBSPEC);

    const plan = cli(['plan', '-verbose', '-n', NS, file]);
    expect(plan.stderr).toBe('');
    const predicted = parsePlacements(plan.stdout);
    expect(Object.keys(predicted).sort()).toEqual([
      'sd-plan.cache[0]', 'sd-plan.cache[1]', 'sd-plan.cache[2]', 'sd-plan.cache[3]', 'sd-plan.cache[4]',
      'sd-plan.web[0]', 'sd-plan.web[1]', 'sd-plan.web[2]',
    ]);
    expect(Object.values(predicted).filter((n) => !G_NODES.some((g) => g.name === n))).toEqual([]);

    const run = cli(['run', '-n', NS, file]);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    let pods: V1Pod[] = [];
    await waitFor('8 bound allocations of sd-plan', async () => {
      pods = (await jobPods(kc, NS, 'sd-plan')).filter((p) => !p.metadata?.deletionTimestamp);
      return (pods.length === 8 && pods.every((p) => p.spec?.nodeName)) || describePods(pods);
    }, 120_000, 500);
    const actual = Object.fromEntries(pods.map((p) => [p.metadata?.annotations?.[ALLOC_NAME] ?? p.metadata?.name ?? '', p.spec?.nodeName ?? '']));
    expect(actual).toEqual(predicted);
  }, 300_000);
});

describe('a job that no retry can fix', () => {
  const ns = 'e2e-shared-invalid';
  let own: TestController | undefined;
  beforeAll(async () => {
    await createNamespace(kc, ns);
    own = await startTestController(ns);
  }, 60_000);
  afterAll(async () => {
    await own?.stop();
    await deleteNamespace(kc, ns);
  });

  it('is reported invalid by one condition and one Warning event, and runs no pod however often it is reconciled', async () => {
    const pods = await recordChanges<V1Pod>(kc, { path: `/api/v1/namespaces/${ns}/pods` });
    try {
      // Created through the API (no webhook): a docker task without an image can never be rendered into a pod.
      await createJob(kc, ns, 'no-image', {
        type: 'service',
        datacenters: ['sd-f'],
        groups: [{ name: 'app', count: 2, tasks: [{ name: 'app', driver: 'docker', config: {}, resources: { cpu: 100, memory: 64 } }] }],
      });
      await waitFor('an InvalidJob condition', async () => {
        const st = (await readJob(kc, ns, 'no-image'))?.status;
        return st?.conditions?.some((c) => c.reason === 'InvalidJob') === true || JSON.stringify(st ?? {});
      }, 60_000, 500);
      await reconcileAgain(own!, (i) => touchJob(kc, ns, 'no-image', `again-${i}`));

      const status = (await readJob(kc, ns, 'no-image'))?.status;
      const invalid = (status?.conditions ?? []).filter((c) => c.reason === 'InvalidJob');
      expect(invalid.map((c) => ({ type: c.type, status: c.status }))).toEqual([{ type: 'Placed', status: 'False' }]);
      expect(invalid[0]?.message).toMatch(/image/);
      const warnings = (await jobEvents(kc, ns, 'no-image')).filter((e) => e.type === 'Warning');
      expect(warnings.map((e) => ({ reason: e.reason, times: occurrences(e) }))).toEqual([{ reason: 'InvalidJob', times: 1 }]);
      pods.assertComplete();
      expect(pods.events.map((e) => `${e.type} ${e.object.metadata?.name}`)).toEqual([]);
      expect(await overclaimingPlacedEvents(kc, ns, 'no-image')).toEqual([]);
    } finally {
      pods.stop();
    }
  }, 180_000);
});
