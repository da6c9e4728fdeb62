/**
 * The six systems, each a `prepare` (work that is not timed: precreating pods, starting and warming up
 * processes) and a `go` (the first write, or starting the binder, after which the clock runs).
 */
import { performance } from 'node:perf_hooks';
import type { JobRef } from '../controllers/nomadjob/plan-types.js';
import type { LocalCluster } from '../local-cluster/local-cluster.js';
import type { BenchApi } from './api.js';
import { createNamespace, emptyAndDeleteNamespace, until } from './namespaces.js';
import { startJobController, startKubeScheduler, startOperator, type BenchProcess, type ClientLimits, type OperatorLaunch } from './processes.js';
import { allocationPod, batchJob, benchPod, createPods, nomadJob, nomadJobSpec, type PodShape } from './workloads.js';

/** The systems, in table order. */
export const SYSTEM_KEYS = ['ceiling', 'ceilingJobPods', 'kubeScheduler', 'kubenomadBind', 'kubenomadJob', 'k8sJob'] as const;
/** One system's key. */
export type SystemKey = (typeof SYSTEM_KEYS)[number];

/** What a system run gets. */
export interface RunContext {
  api: BenchApi;
  cluster: LocalCluster;
  ns: string;
  pods: number;
  /** The fake nodes, in order, and how many bench pods fill one (for the ceiling's preset nodeName). */
  nodeNames: string[];
  podsPerNode: number;
  /** Requests of every bench pod. */
  shape: PodShape;
  limits: ClientLimits;
  operator: OperatorLaunch;
  log: (line: string) => void;
  /** Print what the apiserver served during each timed run (`--api-requests`). */
  apiRequests?: boolean;
}

/** A prepared system run. */
export interface SystemRun {
  /** Starts the timed part; resolves with the time of the first write, or undefined when the first bind is it. */
  go(signal: AbortSignal): Promise<number | undefined>;
  /** Stops the processes and anything that would recreate pods. */
  stop(): Promise<void>;
  /** Peak RSS of the system's own processes in MiB (none for the ceiling). */
  peakRssMiB(): number | undefined;
}

/** A system under test. */
export interface BenchSystem {
  label: string;
  prepare(ctx: RunContext): Promise<SystemRun>;
}

/** A run whose processes start in `go` (the binders of precreated pods) or in `prepare`. */
function processRun(procs: Array<BenchProcess | undefined>, go: SystemRun['go']): SystemRun {
  return {
    go,
    async stop() {
      for (const p of procs) await p?.stop();
    },
    peakRssMiB: () => (procs.some((p) => p) ? procs.reduce((sum, p) => sum + (p?.peakRssMiB() ?? 0), 0) : undefined),
  };
}

/** Precreates the N pods for a binder; not timed. */
async function precreate(ctx: RunContext, schedulerName: string): Promise<void> {
  const t0 = performance.now();
  await createPods(ctx.api, ctx.ns, ctx.pods, (i) => benchPod(ctx.shape, ctx.ns, i, schedulerName));
  ctx.log(`  precreated ${ctx.pods} pods for ${schedulerName} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** A one-pod Job through the Job controller and kube-scheduler: both are synced and working when it is bound. */
async function warmUp(ctx: RunContext): Promise<void> {
  const ns = `${ctx.ns}-warmup`;
  await createNamespace(ctx.api, ns);
  await ctx.api.json('POST', `/apis/batch/v1/namespaces/${ns}/jobs`, batchJob(ctx.shape, ns, 1, 'warmup'));
  const bound = async (): Promise<boolean> => {
    const list = await ctx.api.json<{ items: unknown[] }>('GET', `/api/v1/namespaces/${ns}/pods?fieldSelector=spec.nodeName%21%3D`);
    return list.items.length > 0;
  };
  await until('the warm-up Job to be bound', bound, 120_000, 200);
  await ctx.api.write('DELETE', `/apis/batch/v1/namespaces/${ns}/jobs/warmup`, { propagationPolicy: 'Background' });
  await emptyAndDeleteNamespace(ctx.api, ns, 120_000);
}

/** The node of pod `i` when packing in order: podsPerNode on each node. */
const nodeFor = (ctx: RunContext, i: number): string => ctx.nodeNames[Math.floor(i / ctx.podsPerNode) % ctx.nodeNames.length]!;

const ceiling: BenchSystem = {
  label: '(1) ceiling: create with nodeName preset',
  prepare: async (ctx) => processRun([], (signal) =>
    createPods(ctx.api, ctx.ns, ctx.pods, (i) => benchPod(ctx.shape, ctx.ns, i, 'default-scheduler', nodeFor(ctx, i)), signal)),
};

/**
 * The same loop creating the NomadJob's own allocation pods (rendered by the operator's code for an inert copy of
 * the job, owner and all): the apiserver's ceiling for what (4) writes, which are larger pods than (1)'s.
 */
const ceilingJobPods: BenchSystem = {
  label: "(1b) ceiling: create the NomadJob's pods with nodeName preset",
  async prepare(ctx) {
    // No operator runs: the NomadJob only owns the pods (its uid), nothing acts on it.
    const created = await ctx.api.json<{ metadata: { uid: string } }>('POST', `/apis/kubenomad.io/v1alpha1/namespaces/${ctx.ns}/nomadjobs`, nomadJob(ctx.shape, ctx.ns, ctx.pods));
    const job: JobRef = { name: 'bench', namespace: ctx.ns, uid: created.metadata.uid, spec: nomadJobSpec(ctx.shape, ctx.pods) };
    return processRun([], (signal) => createPods(ctx.api, ctx.ns, ctx.pods, (i) => allocationPod(job, i, nodeFor(ctx, i)), signal));
  },
};

const kubeScheduler: BenchSystem = {
  label: '(2) kube-scheduler: bind precreated',
  async prepare(ctx) {
    await precreate(ctx, 'default-scheduler');
    const procs: Array<BenchProcess | undefined> = [undefined];
    return processRun(procs, async () => {
      procs[0] = await startKubeScheduler(ctx.cluster, ctx.limits, ctx.ns);
      return undefined;
    });
  },
};

const kubenomadBind: BenchSystem = {
  label: '(3) kubenomad: bind precreated',
  async prepare(ctx) {
    await precreate(ctx, 'kubenomad');
    const procs: Array<BenchProcess | undefined> = [undefined];
    return processRun(procs, async () => {
      procs[0] = await startOperator(ctx.cluster, ctx.operator, ctx.ns);
      return undefined;
    });
  },
};

const kubenomadJob: BenchSystem = {
  label: '(4) kubenomad: NomadJob apply → bound',
  async prepare(ctx) {
    const operator = await startOperator(ctx.cluster, ctx.operator, ctx.ns);
    return processRun([operator], async () => {
      const t0 = performance.now();
      await ctx.api.json('POST', `/apis/kubenomad.io/v1alpha1/namespaces/${ctx.ns}/nomadjobs`, nomadJob(ctx.shape, ctx.ns, ctx.pods));
      return t0;
    });
  },
};

const k8sJob: BenchSystem = {
  label: '(5) Job: controller-manager + kube-scheduler',
  async prepare(ctx) {
    const procs = [await startKubeScheduler(ctx.cluster, ctx.limits, ctx.ns), await startJobController(ctx.cluster, ctx.limits, ctx.ns)];
    try {
      await warmUp(ctx);
    } catch (err) {
      for (const p of procs) await p.stop();
      throw err;
    }
    // The Job controller goes first on stop, so nothing recreates the pods being deleted.
    return processRun(procs.reverse(), async () => {
      const t0 = performance.now();
      await ctx.api.json('POST', `/apis/batch/v1/namespaces/${ctx.ns}/jobs`, batchJob(ctx.shape, ctx.ns, ctx.pods));
      return t0;
    });
  },
};

/** Every system by key. */
export const SYSTEMS: Record<SystemKey, BenchSystem> = { ceiling, ceilingJobPods, kubeScheduler, kubenomadBind, kubenomadJob, k8sJob };
