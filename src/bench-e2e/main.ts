/**
 * `npm run bench:e2e`: end-to-end binding throughput on the project's local control plane, with systems
 * interleaved per round — the apiserver's ceiling, kube-scheduler, kubenomad binding precreated pods, one
 * NomadJob, and a batch/v1 Job through kube-controller-manager and kube-scheduler. See README.md here.
 */
import { Command, InvalidArgumentError } from 'commander';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { podShapeFor, podsPerNode, startBenchCluster, type BenchCluster } from './cluster.js';
import { defaultOperatorConfig } from '../operator/run.js';
import { snapshotOperatorBuild } from './operator-build.js';
import { componentLimits, type ClientLimits } from './processes.js';
import { benchJson, benchTable, type BenchShape } from './report.js';
import { emptyAndDeleteNamespace } from './namespaces.js';
import { runNamespace, runSystem, runTimeoutMs, type RunResult } from './run-system.js';
import { SYSTEM_KEYS, type RunContext, type SystemKey } from './systems.js';
import type { PodShape } from './workloads.js';

interface Flags {
  nodes: number;
  pods: number;
  rounds: number;
  json?: boolean;
  keep?: boolean;
  apiRequests?: boolean;
  kwokRunsPods?: boolean;
  clientQps?: number;
  clientBurst?: number;
  operatorArgs: string;
  operatorCpuProfile?: string;
  operatorNodeOptions: string;
  systems: SystemKey[];
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`Expected a positive integer, got "${value}"`);
  return n;
}

function nonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`Expected a number ≥ 0, got "${value}"`);
  return n;
}

/** kubenomad's client limits — the operator's own defaults (read from its config at run time) unless overridden — for every system. */
function clientLimits(flags: Flags): ClientLimits {
  const operator = defaultOperatorConfig(process.env).kubeApi;
  return { qps: flags.clientQps ?? operator.qps, burst: flags.clientBurst ?? operator.burst };
}

function systemList(value: string): SystemKey[] {
  const keys = value.split(',').map((s) => s.trim());
  const unknown = keys.filter((k) => !(SYSTEM_KEYS as readonly string[]).includes(k));
  if (unknown.length) throw new InvalidArgumentError(`Unknown system ${unknown.join(', ')}; known: ${SYSTEM_KEYS.join(', ')}`);
  return keys as SystemKey[];
}

/** The order of round `r` (1-based): rotated by one system per round, so no system always runs first. */
export function roundOrder(systems: SystemKey[], r: number): SystemKey[] {
  const k = (r - 1) % systems.length;
  return [...systems.slice(k), ...systems.slice(0, k)];
}

/** The 1/5/15-minute load averages: other work on the machine shows here. */
const load = (): string => `load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`;

/** Runs one system, turning a failure into a logged, zero-rate result so the bench goes on. */
async function attempt(key: SystemKey, round: number, base: Omit<RunContext, 'ns'>): Promise<RunResult> {
  try {
    return await runSystem(key, round, base);
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    base.log(`  ${key} FAILED in round ${round}: ${error}`);
    await emptyAndDeleteNamespace(base.api, runNamespace(key, round), runTimeoutMs(base.pods)).catch(() => undefined);
    return { system: key, round, podsPerS: 0, complete: false, bound: 0, seconds: 0, nodesUsed: 0, overcommitted: [], error };
  }
}

async function runRounds(bench: BenchCluster, flags: Flags, shape: PodShape, stop: AbortSignal, log: (line: string) => void): Promise<RunResult[]> {
  const limits = clientLimits(flags);
  const base: Omit<RunContext, 'ns'> = {
    api: bench.api,
    cluster: bench.cluster,
    pods: flags.pods,
    nodeNames: bench.nodeNames,
    podsPerNode: podsPerNode(shape),
    shape,
    limits,
    operator: {
      // One copy of the build for every run: a rebuild of dist/ by someone else mid-bench changes nothing here.
      main: snapshotOperatorBuild(bench.cluster.dir),
      args: ['--kube-api-qps', String(limits.qps), '--kube-api-burst', String(limits.burst), ...flags.operatorArgs.split(/\s+/).filter(Boolean)],
      cpuProfileDir: flags.operatorCpuProfile,
      nodeOptions: flags.operatorNodeOptions.split(/\s+/).filter(Boolean),
    },
    log,
    apiRequests: flags.apiRequests,
  };
  const c = componentLimits(limits);
  log(`client limits: kubenomad qps ${limits.qps} burst ${limits.burst}; kube-scheduler and the Job controller qps ${c.qps} burst ${c.burst}`);
  const results: RunResult[] = [];
  for (let r = 1; r <= flags.rounds && !stop.aborted; r++) {
    for (const key of roundOrder(flags.systems, r)) if (!stop.aborted) results.push(await attempt(key, r, base));
  }
  return results;
}

async function bench(flags: Flags): Promise<void> {
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const shape = podShapeFor(flags.pods, flags.nodes); // throws when they cannot fit
  log(`machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown cpu'}), node ${process.version}; ${new Date().toISOString()}; ${load()}`);
  const cluster = await startBenchCluster(flags.nodes, flags.keep ?? false, log, flags.kwokRunsPods ?? false);
  const stopAll = async (): Promise<void> => {
    cluster.api.close();
    await cluster.cluster.stop();
  };
  const interrupted = new AbortController();
  const onSignal = (): void => {
    log('interrupted: stopping the control plane');
    interrupted.abort();
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const t0 = Date.now();
    const results = await runRounds(cluster, flags, shape, interrupted.signal, log);
    if (interrupted.signal.aborted) return;
    const benchShape: BenchShape = { nodes: flags.nodes, pods: flags.pods, rounds: flags.rounds, idealNodes: Math.ceil(flags.pods / podsPerNode(shape)), shape };
    log(`bench time ${((Date.now() - t0) / 1000).toFixed(0)} s; ${load()}`);
    process.stdout.write(flags.json ? `${JSON.stringify(benchJson(benchShape, results))}\n` : `${benchTable(benchShape, results)}\n`);
    // Timeouts are results; errors and over-commitment are failures.
    if (results.some((r) => r.error !== undefined || r.overcommitted.length > 0)) process.exitCode = 1;
  } finally {
    if (flags.keep) log(`kept ${cluster.cluster.dir}`);
    await stopAll();
  }
}

const program = new Command('bench:e2e')
  .description('end-to-end pods/s on the local control plane: ceiling, kube-scheduler, kubenomad, NomadJob, batch Job')
  .option('--nodes <n>', 'fake nodes (8 CPU / 32 GiB / 110 pods)', positiveInt, 1000)
  .option('--pods <n>', 'pods per run (500m / 1 GiB each, smaller when that many do not fit)', positiveInt, 10_000)
  .option('--rounds <n>', 'rounds; each runs every system once, in a rotated order', positiveInt, 2)
  .option('--json', 'print one JSON object (medians) instead of the table')
  .option('--client-qps <n>', "client qps of kubenomad, kube-scheduler and the Job controller (default: the operator's; 0 = no limit)", nonNegative)
  .option('--client-burst <n>', "their client burst (default: the operator's)", positiveInt)
  .option('--operator-args <flags>', 'extra `kubenomad operator` flags, e.g. --operator-args="--scheduler-best-fit 0"', '')
  .option('--systems <list>', `comma-separated subset of ${SYSTEM_KEYS.join(',')}`, systemList, [...SYSTEM_KEYS])
  .option('--operator-node-options <flags>', 'Node.js flags of the operator process, e.g. --operator-node-options="--max-old-space-size=400"', '')
  .option('--operator-cpu-profile <dir>', "write a V8 CPU profile of each operator run there (open in Chrome DevTools or speedscope)")
  .option('--api-requests', "print the apiserver's requests by verb/resource and watch events by kind during each run")
  .option('--kwok-runs-pods', 'let kwok run the pods too (Ready/Running status writes, ~100/s; off by default: see README)')
  .option('--keep', 'keep the control plane directory (logs) after the bench')
  .action((flags: Flags) => bench(flags));

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
