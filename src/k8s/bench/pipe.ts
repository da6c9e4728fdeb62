/**
 * `npm run build && node dist/k8s/bench/pipe.js [--pods 1000] [--repeat 3] [--kwok] [--clients per-request,pooled,raw-h1,raw-h2]
 * [--writes 1,2] [--inflight 16,64]`: the API pipe against the local
 * control plane (etcd + kube-apiserver; kwok with --kwok). Creates pods on one fake node through four clients —
 * client-node with its agent per request (kubenomad before ADR 0003), client-node over the pooled keep-alive agent,
 * raw HTTP/1.1 requests over the pooled agent, raw HTTP/2 over one session — with one write per pod (created with
 * nodeName) or two (created with the target-node annotation, then pods/binding), at 16 and 64 pods in flight.
 * Prints pods/s, CPU milliseconds per pod of kube-apiserver, etcd and this client, and the apiserver's etcd requests
 * per pod, median of the repeats.
 */
import { KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createFakeNodes } from '../../local-cluster/bootstrap.js';
import { startLocalCluster, type LocalCluster } from '../../local-cluster/local-cluster.js';
import { kubeApi } from '../api.js';
import { createIfAbsent } from '../objects.js';
import { pooledKubeConfig } from '../pooled-kubeconfig.js';
import { rawRequest } from '../raw.js';
import { h2Client } from './h2-client.js';
import { childPid, cpuSeconds } from './proc-cpu.js';

const NODE = 'bench-node';
const NS = 'default';
const TARGET_NODE_ANNOTATION = 'kubenomad.io/target-node';

/** How one client writes pods. */
interface PodWriter {
  /** Short id for --clients. */
  id: string;
  name: string;
  /** Creates the pod; returns its uid. */
  create(pod: V1Pod): Promise<string>;
  bind(name: string, uid: string): Promise<void>;
}

/** One measured run. */
interface Sample { podsPerSecond: number; apiMs: number; etcdMs: number; clientMs: number; etcdOps: number }

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const numbers = (name: string, fallback: string): number[] => arg(name, fallback).split(',').map(Number);

/** etcd requests the apiserver has made for pods so far (its etcd_request_duration_seconds counts). */
async function etcdPodRequests(kc: KubeConfig): Promise<number> {
  const r = await rawRequest(kc, 'GET', '/metrics');
  let total = 0;
  for (const m of r.body.matchAll(/^etcd_request_duration_seconds_count\{[^}]*resource="pods"[^}]*\} (\S+)$/gm)) total += Number(m[1]);
  return total;
}

/** A pod as kubenomad renders an allocation (identity labels and annotations, one container with requests). */
function benchPod(name: string, writes: 1 | 2): V1Pod {
  return {
    metadata: {
      name, namespace: NS,
      labels: { 'kubenomad.io/managed': 'true', 'kubenomad.io/job': 'bench', 'kubenomad.io/group': 'web', 'kubenomad.io/alloc-index': name.split('-').pop() ?? '0', 'kubenomad.io/version': 'v1', 'kubenomad.io/alloc-id': `id-${name}` },
      annotations: { 'kubenomad.io/alloc-name': `bench.web[${name}]`, 'kubenomad.io/job-id': 'bench', [TARGET_NODE_ANNOTATION]: NODE },
    },
    spec: {
      schedulerName: 'kubenomad', nodeName: writes === 1 ? NODE : undefined, restartPolicy: 'Never', terminationGracePeriodSeconds: 5,
      containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'], env: [{ name: 'NOMAD_ALLOC_ID', value: `id-${name}` }], resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '16Mi' } } }],
    },
  };
}

const binding = (name: string, uid: string): object =>
  ({ apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace: NS, uid }, target: { apiVersion: 'v1', kind: 'Node', name: NODE } });

function typedWriter(id: string, name: string, kc: KubeConfig): PodWriter {
  const api = kubeApi(kc);
  return {
    id,
    name,
    create: async (pod) => (await api.createPod(NS, pod)).metadata?.uid ?? '',
    bind: (pod, uid) => api.bindPod(NS, pod, uid, NODE),
  };
}

/** Checks a raw response and returns the uid of the object in it. */
function uidOf(r: { status: number; body: string }, what: string): string {
  if (r.status >= 300) throw new Error(`${what}: HTTP ${r.status} ${r.body.slice(0, 200)}`);
  return (JSON.parse(r.body) as { metadata?: { uid?: string } }).metadata?.uid ?? '';
}

function rawWriter(kc: KubeConfig): PodWriter {
  return {
    id: 'raw-h1',
    name: 'raw HTTP/1.1, pooled agent',
    create: async (pod) => uidOf(await rawRequest(kc, 'POST', `/api/v1/namespaces/${NS}/pods`, pod), 'create'),
    bind: async (pod, uid) => void uidOf(await rawRequest(kc, 'POST', `/api/v1/namespaces/${NS}/pods/${pod}/binding`, binding(pod, uid)), 'bind'),
  };
}

function h2Writer(cluster: LocalCluster): PodWriter & { close(): void } {
  const h2 = h2Client(cluster.server, { ca: cluster.pki.caCert, cert: cluster.pki.adminCert, key: cluster.pki.adminKey });
  return {
    id: 'raw-h2',
    name: 'raw HTTP/2, one session',
    create: async (pod) => uidOf(await h2.request('POST', `/api/v1/namespaces/${NS}/pods`, pod), 'create'),
    bind: async (pod, uid) => void uidOf(await h2.request('POST', `/api/v1/namespaces/${NS}/pods/${pod}/binding`, binding(pod, uid)), 'bind'),
    close: () => h2.close(),
  };
}

/** Writes `pods` pods, `inflight` at a time; measures rate and CPU. */
async function run(w: PodWriter, o: { writes: 1 | 2; inflight: number; pods: number; prefix: string }, env: { api: number; etcd: number; kc: KubeConfig }): Promise<Sample> {
  const ops = await etcdPodRequests(env.kc);
  const before = { api: cpuSeconds(env.api), etcd: cpuSeconds(env.etcd), client: process.cpuUsage() };
  const start = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: o.inflight }, async () => {
    while (next < o.pods) {
      const name = `${o.prefix}-${next++}`;
      const uid = await w.create(benchPod(name, o.writes));
      if (o.writes === 2) await w.bind(name, uid);
    }
  }));
  const seconds = (performance.now() - start) / 1000;
  const client = process.cpuUsage(before.client);
  const perPod = (s: number): number => (s * 1000) / o.pods;
  return {
    podsPerSecond: o.pods / seconds,
    apiMs: perPod(cpuSeconds(env.api) - before.api),
    etcdMs: perPod(cpuSeconds(env.etcd) - before.etcd),
    clientMs: perPod((client.user + client.system) / 1e6),
    etcdOps: ((await etcdPodRequests(env.kc)) - ops) / o.pods,
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const range = (xs: number[]): string => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

function report(cells: Map<string, Sample[]>): void {
  console.log('| client | writes/pod | in flight | pods/s (median, min–max) | apiserver CPU ms/pod | etcd CPU ms/pod | client CPU ms/pod | etcd requests/pod |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const [key, samples] of cells) {
    const rate = samples.map((s) => s.podsPerSecond);
    const m = (f: (s: Sample) => number): string => median(samples.map(f)).toFixed(2);
    console.log(`| ${key.split('|').join(' | ')} | ${median(rate).toFixed(0)} (${range(rate)}) | ${m((s) => s.apiMs)} | ${m((s) => s.etcdMs)} | ${m((s) => s.clientMs)} | ${m((s) => s.etcdOps)} |`);
  }
}

async function main(): Promise<void> {
  const pods = Number(arg('pods', '1000'));
  const repeat = Number(arg('repeat', '3'));
  const clients = arg('clients', 'per-request,pooled,raw-h1,raw-h2').split(',');
  const kwok = process.argv.includes('--kwok');
  const cluster = await startLocalCluster({ kwok, controllerManager: false, log: (l) => console.error(l) });
  try {
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    await createIfAbsent(kc, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: NS } });
    await createFakeNodes(kc, [{ name: NODE, pods: 1_000_000, cpuCores: 10_000, memoryMiB: 100_000_000 }]);
    const env = {
      kc,
      api: childPid(cluster.processes.find((p) => p.name === 'kube-apiserver')!.pid, 'kube-apiserver'),
      etcd: childPid(cluster.processes.find((p) => p.name === 'etcd')!.pid, 'etcd'),
    };
    const idle0 = cpuSeconds(env.api);
    await sleep(3000);
    console.error(`kube-apiserver idle: ${(((cpuSeconds(env.api) - idle0) / 3) * 1000).toFixed(0)} ms CPU/s`);
    const pooled = pooledKubeConfig(kc);
    const h2 = h2Writer(cluster);
    const all = [typedWriter('per-request', 'client-node, agent per request', kc), typedWriter('pooled', 'client-node, pooled agent', pooled), rawWriter(pooled), h2];
    const writers = all.filter((w) => clients.includes(w.id));
    await run(all[1]!, { writes: 2, inflight: 16, pods: 300, prefix: 'warmup' }, env);
    const cells = new Map<string, Sample[]>();
    const writeCounts = numbers('writes', '1,2').filter((n): n is 1 | 2 => n === 1 || n === 2);
    const plan = numbers('inflight', '16,64').flatMap((inflight) => writeCounts.flatMap((writes) => writers.map((w) => ({ w, writes, inflight }))));
    for (let r = 0; r < repeat; r++) {
      for (const [i, { w, writes, inflight }] of plan.entries()) {
        const sample = await run(w, { writes, inflight, pods, prefix: `r${r}-${i}` }, env);
        console.error(`${w.name} writes=${writes} inflight=${inflight}: ${sample.podsPerSecond.toFixed(0)} pods/s, apiserver ${sample.apiMs.toFixed(2)} ms/pod`);
        const key = `${w.name}|${writes}|${inflight}`;
        cells.set(key, [...(cells.get(key) ?? []), sample]);
      }
    }
    h2.close();
    report(cells);
  } finally {
    await cluster.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
