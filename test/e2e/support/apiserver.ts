/**
 * Kills and restarts the kube-apiserver of one local cluster (never the suite's) with the same binary, flags, port,
 * certificates and etcd data: the command is read back from its watchdog's /proc cmdline
 * (`bash -c <watchdog> watchdog <parent pid> <binary> <args…>`, see src/local-cluster/supervisor.ts).
 */
import { readFileSync } from 'node:fs';
import type { LocalCluster } from '../../../src/local-cluster/local-cluster.js';
import { probe, waitFor } from '../../../src/local-cluster/readiness.js';
import { startProcess, type ManagedProcess } from '../../../src/local-cluster/supervisor.js';

const NAME = 'kube-apiserver';

/** The binary and arguments a managed process was started with. */
export interface Command {
  bin: string;
  args: string[];
}

function apiserverOf(cluster: LocalCluster): { proc: ManagedProcess; index: number } {
  const index = cluster.processes.findIndex((p) => p.name === NAME);
  const proc = cluster.processes[index];
  if (!proc) throw new Error(`The cluster in ${cluster.dir} has no ${NAME} process`);
  return { proc, index };
}

/** What the watchdog with that pid runs: everything after `bash -c <script> watchdog <parent pid>`. */
function commandOf(watchdogPid: number): Command {
  const raw = readFileSync(`/proc/${watchdogPid}/cmdline`, 'utf8');
  const argv = (raw.endsWith('\0') ? raw.slice(0, -1) : raw).split('\0');
  const at = argv.indexOf('watchdog');
  const [bin, ...args] = argv.slice(at + 2);
  if (at < 0 || !bin) throw new Error(`Cannot read the command of watchdog ${watchdogPid}: ${argv.join(' ')}`);
  return { bin, args };
}

/** SIGKILLs the apiserver (and its watchdog) and waits until it is gone; returns how to start it again. */
export async function killApiserver(cluster: LocalCluster): Promise<Command> {
  const { proc } = apiserverOf(cluster);
  const command = commandOf(proc.pid);
  process.kill(-proc.pid, 'SIGKILL');
  await proc.exited;
  return command;
}

/** Starts the apiserver again with `command` (same port and data), in the cluster's process list so stop() ends it. */
export function restartApiserver(cluster: LocalCluster, command: Command): ManagedProcess {
  const { proc, index } = apiserverOf(cluster);
  const next = startProcess(NAME, command.bin, command.args, proc.logFile);
  cluster.processes[index] = next;
  return next;
}

/** Waits until /readyz answers 200 as admin. */
export async function waitApiserverReady(cluster: LocalCluster, timeoutMs = 60_000): Promise<void> {
  const { proc } = apiserverOf(cluster);
  const tls = { ca: cluster.pki.caCert, cert: cluster.pki.adminCert, key: cluster.pki.adminKey };
  await waitFor(`${NAME} /readyz`, async () => {
    if (!proc.isRunning()) throw new Error(`${NAME} exited; see ${proc.logFile}`);
    const r = await probe(`${cluster.server}/readyz`, tls);
    return r.status === 200 || `${r.status} ${r.body.slice(0, 200)}`;
  }, timeoutMs, 50);
}
