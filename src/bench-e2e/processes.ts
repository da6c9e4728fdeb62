/**
 * The systems under test as processes: the cached kube-scheduler (MostAllocated), a kube-controller-manager
 * running only the Job controller, and the kubenomad operator (`node dist/cli/main.js operator`), each behind
 * the local control plane's watchdog, with its peak RSS (VmHWM) read from /proc.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalCluster } from '../local-cluster/local-cluster.js';
import { startProcess, type ManagedProcess } from '../local-cluster/supervisor.js';
import { until } from './namespaces.js';

/** Client-side rate limits, kubenomad's (`--kube-api-qps/--kube-api-burst`); qps ≤ 0 is no limit. */
export interface ClientLimits {
  qps: number;
  burst: number;
}

/** What the Kubernetes components get for "no limit" (client-go has no off switch in their configuration). */
const UNLIMITED = 10_000;

/** The limits as a Kubernetes component's qps and burst. */
export function componentLimits(limits: ClientLimits): ClientLimits {
  return limits.qps > 0 ? limits : { qps: UNLIMITED, burst: UNLIMITED };
}

/** A started system process and the high-water mark of its memory. */
export interface BenchProcess {
  proc: ManagedProcess;
  /** Peak resident set size so far in MiB (VmHWM of the binary, not of its watchdog). */
  peakRssMiB(): number;
  stop(): Promise<void>;
}

const schedulerConfig = (kubeconfig: string, limits: ClientLimits): string => `apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
clientConnection:
  kubeconfig: ${JSON.stringify(kubeconfig)}
  qps: ${componentLimits(limits).qps}
  burst: ${componentLimits(limits).burst}
leaderElection:
  leaderElect: false
profiles:
  - schedulerName: default-scheduler
    pluginConfig:
      - name: NodeResourcesFit
        args:
          apiVersion: kubescheduler.config.k8s.io/v1
          kind: NodeResourcesFitArgs
          scoringStrategy:
            type: MostAllocated
            resources:
              - {name: cpu, weight: 1}
              - {name: memory, weight: 1}
`;

/** The pid of the binary a watchdog runs (its only child). */
function childPid(watchdogPid: number): number | undefined {
  try {
    const first = readFileSync(`/proc/${watchdogPid}/task/${watchdogPid}/children`, 'utf8').trim().split(/\s+/)[0];
    return first ? Number(first) : undefined;
  } catch {
    return undefined;
  }
}

/** VmHWM of a process in MiB; 0 once it is gone. */
function vmHwmMiB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Wraps a started process: finds its binary's pid and polls the peak RSS until it stops. */
async function tracked(proc: ManagedProcess): Promise<BenchProcess> {
  let pid: number | undefined;
  await until(`${proc.name} to start`, async () => (pid = childPid(proc.pid)) !== undefined || !proc.isRunning(), 10_000, 20);
  let peak = 0;
  const sample = (): void => {
    if (pid !== undefined) peak = Math.max(peak, vmHwmMiB(pid));
  };
  const poll = setInterval(sample, 500);
  return {
    proc,
    peakRssMiB() {
      sample();
      return peak;
    },
    async stop() {
      sample();
      clearInterval(poll);
      await proc.stop();
    },
  };
}

/** Starts the cached kube-scheduler binding pods of `default-scheduler` with NodeResourcesFit MostAllocated. */
export function startKubeScheduler(cluster: LocalCluster, limits: ClientLimits, tag: string): Promise<BenchProcess> {
  const config = join(cluster.dir, `kube-scheduler-${tag}.yaml`);
  writeFileSync(config, schedulerConfig(cluster.kubeconfigPath, limits));
  return tracked(startProcess(`kube-scheduler ${tag}`, cluster.assets.kubeScheduler, [
    `--config=${config}`,
    '--secure-port=0',
    `--authentication-kubeconfig=${cluster.kubeconfigPath}`,
    `--authorization-kubeconfig=${cluster.kubeconfigPath}`,
  ], join(cluster.dir, 'logs', `kube-scheduler-${tag}.log`)));
}

/** Starts a second kube-controller-manager that runs only the Job controller, with the given client limits. */
export function startJobController(cluster: LocalCluster, limits: ClientLimits, tag: string): Promise<BenchProcess> {
  return tracked(startProcess(`job-controller ${tag}`, cluster.assets.kubeControllerManager, [
    `--kubeconfig=${cluster.kubeconfigPath}`,
    `--authentication-kubeconfig=${cluster.kubeconfigPath}`,
    `--authorization-kubeconfig=${cluster.kubeconfigPath}`,
    '--leader-elect=false',
    '--secure-port=0',
    '--controllers=job-controller',
    `--kube-api-qps=${componentLimits(limits).qps}`,
    `--kube-api-burst=${componentLimits(limits).burst}`,
  ], join(cluster.dir, 'logs', `job-controller-${tag}.log`)));
}

/** How to start the operator: its CLI entry (a snapshot of dist/cli/main.js) and the flags beyond the kubeconfig. */
export interface OperatorLaunch {
  main: string;
  args: string[];
  /** Write a V8 CPU profile of each operator run into this directory (written when the operator stops). */
  cpuProfileDir?: string;
  /** Node.js flags for the operator process only (e.g. `--max-old-space-size=400`). */
  nodeOptions?: string[];
}

/** Starts `kubenomad operator` and waits until its controllers run (its "operator running" log line). */
export async function startOperator(cluster: LocalCluster, launch: OperatorLaunch, tag: string): Promise<BenchProcess> {
  const logFile = join(cluster.dir, 'logs', `operator-${tag}.log`);
  const profile = launch.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${launch.cpuProfileDir}`, `--cpu-prof-name=operator-${tag}.cpuprofile`] : [];
  const args = [...(launch.nodeOptions ?? []), ...profile, launch.main, 'operator', '--kubeconfig', cluster.kubeconfigPath, '--metrics-port', '0', ...launch.args];
  const p = await tracked(startProcess(`operator ${tag}`, process.execPath, args, logFile));
  const running = async (): Promise<boolean> => {
    if (!p.proc.isRunning()) throw new Error(`The operator exited; see ${logFile}`);
    return readFileSync(logFile, 'utf8').includes('"msg":"operator running');
  };
  try {
    await until('the operator to run its controllers', running, 120_000, 100);
  } catch (err) {
    await p.stop();
    throw err;
  }
  return p;
}
