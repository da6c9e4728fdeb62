/**
 * The invariant every scheduler promises, as a property: for random mixes of NomadJob allocations (cpu in MHz or
 * whole `cores`), pods kubenomad did not create, nodes of different CPU clocks and reconciles of different jobs
 * running concurrently, after every step every node holds at most its allocatable (CPU millicores, memory, pods,
 * host ports), counted from the pods as Kubernetes counts them.
 */
import { describe, expect, it } from '@jest/globals';
import type { V1Pod } from '@kubernetes/client-node';
import fc from 'fast-check';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { NomadJob } from '../../crds/nomadjob-types.js';
import { milliCpu, mebibytes } from '../../k8s/quantity.js';
import { ClusterView } from '../cluster/cluster-view.js';
import { hostPortsOf, podRequests } from '../cluster/pod-adapter.js';
import { ExpectedPods } from './expected-pods.js';
import { TARGET_NODE_ANNOTATION } from './labels.js';
import { controllerMetrics } from './metrics.js';
import { NomadJobReconciler } from './reconciler.js';
import { schedulePod } from './schedule-pod.js';
import { JobStore } from './store.js';
import { readyNode, RecordingApi } from './testing/fake-api.js';
import { NOW } from './testing/builders.js';

const nodeArb = fc.record({ cores: fc.integer({ min: 1, max: 6 }), mhz: fc.constantFrom(1000, 2000, 2400, 3333), memoryMiB: fc.constantFrom(2048, 4096, 8192), pods: fc.integer({ min: 3, max: 30 }) });
const jobArb = fc.record({
  count: fc.integer({ min: 1, max: 8 }),
  cpu: fc.integer({ min: 50, max: 3000 }),
  cores: fc.constantFrom(0, 0, 1, 2),
  memory: fc.integer({ min: 64, max: 2048 }),
  staticPort: fc.constantFrom(undefined, 8080),
  tasks: fc.integer({ min: 1, max: 3 }),
});
const foreignArb = fc.record({ millicores: fc.integer({ min: 1, max: 2500 }), memoryMiB: fc.integer({ min: 16, max: 2048 }), sidecar: fc.boolean(), hostPort: fc.constantFrom(undefined, 8080, 9090) });
type JobArb = typeof jobArb extends fc.Arbitrary<infer T> ? T : never;
type ForeignArb = typeof foreignArb extends fc.Arbitrary<infer T> ? T : never;
const stepArb = fc.oneof(
  fc.record({ kind: fc.constant('reconcile' as const), jobs: fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('foreign' as const), pod: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ kind: fc.constant('sync' as const) }),
);

function nomadJob(i: number, a: JobArb): NomadJob {
  const resources = a.cores > 0 ? { cores: a.cores, memory: a.memory } : { cpu: a.cpu, memory: a.memory };
  const tasks = Array.from({ length: a.tasks }, (_, t) => ({ name: `t${t}`, driver: 'docker', config: { image: 'busybox' }, resources: t === 0 ? resources : { cpu: a.cpu, memory: a.memory } }));
  const networks = a.staticPort ? [{ ports: [{ label: 'p', static: a.staticPort }] }] : [];
  return {
    apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob',
    metadata: { name: `job${i}`, namespace: 'default', uid: `uid-${i}`, generation: 1 },
    spec: { type: i % 2 ? 'batch' : 'service', groups: [{ name: 'g', count: a.count, tasks, networks }] },
  };
}

function foreignPod(i: number, a: ForeignArb): V1Pod {
  const requests = { cpu: `${a.millicores}m`, memory: `${a.memoryMiB}Mi` };
  const ports = a.hostPort ? [{ containerPort: 80, hostPort: a.hostPort }] : undefined;
  const sidecars = a.sidecar ? [{ name: 's', image: 'x', restartPolicy: 'Always', resources: { requests: { cpu: '100m', memory: '32Mi' } } }] : undefined;
  return { metadata: { name: `foreign-${i}`, namespace: 'default', uid: `f-${i}` }, spec: { schedulerName: 'kubenomad', containers: [{ name: 'c', image: 'x', resources: { requests }, ports }], initContainers: sidecars }, status: { phase: 'Pending' } };
}

/** Nodes holding more than allocatable, counted from the pods as kube-scheduler counts them. */
function overcommitted(api: RecordingApi, nodes: ReturnType<typeof readyNode>[]): string[] {
  const out: string[] = [];
  for (const node of nodes) {
    const name = node.metadata!.name!;
    const held = [...api.pods.values()].filter((p) => (p.spec?.nodeName ?? p.metadata?.annotations?.[TARGET_NODE_ANNOTATION]) === name);
    const sum = held.reduce((s, p) => { const r = podRequests(p); return { cpu: s.cpu + r.millicores, mem: s.mem + r.memoryMi }; }, { cpu: 0, mem: 0 });
    const ports = held.flatMap(hostPortsOf);
    const a = node.status!.allocatable!;
    const over = sum.cpu > milliCpu(a.cpu) || sum.mem > mebibytes(a.memory) || held.length > Number(a.pods) || new Set(ports).size !== ports.length;
    if (over) out.push(`${name}: ${sum.cpu}m/${a.cpu} ${sum.mem}Mi/${a.memory} pods ${held.length}/${a.pods} ports ${ports.join(',')}`);
  }
  return out;
}

describe('no node is ever over-committed', () => {
  it('holds after every step of random mixes of allocations, foreign pods and concurrent reconciles', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(nodeArb, { minLength: 1, maxLength: 5 }), fc.array(jobArb, { minLength: 4, maxLength: 4 }),
      fc.array(foreignArb, { minLength: 10, maxLength: 10 }), fc.array(stepArb, { minLength: 1, maxLength: 12 }),
      async (nodeSpecs, jobSpecs, foreignSpecs, steps) => {
        const api = new RecordingApi();
        const store = new JobStore();
        const view = new ClusterView();
        const nodes = nodeSpecs.map((n, i) => readyNode({ name: `n${i}`, cpuCores: n.cores, cpuMhz: n.mhz, memoryMiB: n.memoryMiB, pods: n.pods }));
        nodes.forEach((n) => view.upsertNode(n));
        const jobs = jobSpecs.map((a, i) => nomadJob(i, a));
        jobs.forEach((j) => store.upsertJob(j));
        const deps = { api, store, view, log: pino({ level: 'silent' }), metrics: controllerMetrics(new Registry()), settings: { algorithm: 'binpack' as const }, blocked: new Set<string>(), expected: new ExpectedPods(), now: () => NOW };
        const reconciler = new NomadJobReconciler(deps);
        const sync = (): void => { for (const pod of api.pods.values()) { store.upsertPod(pod); view.upsertPod(pod); } };
        for (const step of steps) {
          if (step.kind === 'sync') sync();
          if (step.kind === 'reconcile') await Promise.all(step.jobs.map((j) => reconciler.reconcile(`default/job${j}`)));
          if (step.kind === 'foreign') {
            const pod = foreignPod(step.pod, foreignSpecs[step.pod]!);
            if (![...api.pods.keys()].includes(`default/${pod.metadata!.name}`)) {
              const d = schedulePod(pod, view, deps.settings, NOW);
              if (d.placement) api.pods.set(`default/${pod.metadata!.name}`, { ...pod, spec: { ...pod.spec!, nodeName: d.placement.nodeName } });
            }
          }
          expect(overcommitted(api, nodes)).toEqual([]);
        }
      },
    ), { numRuns: 150, seed: 20261128 });
  });
});
