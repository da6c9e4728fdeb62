/**
 * A local control plane with one real node, for one real-node test file: started in `beforeAll`, stopped by the
 * file's last test, which also checks that the machine is as it was (kernel settings included).
 */
import { describe } from '@jest/globals';
import type { KubeConfig } from '@kubernetes/client-node';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKubeConfig } from '../../../../src/k8s/kubeconfig.js';
import { startLocalCluster, type LocalCluster } from '../../../../src/local-cluster/local-cluster.js';
import { guardedSysctls } from '../../../../src/local-cluster/real-node/host-state.js';
import { tryRun, type CommandResult } from '../../../../src/local-cluster/real-node/host.js';
import type { RealNodeInstall } from '../../../../src/local-cluster/real-node/install.js';
import { realNodeClusterOptions, startRealNode, type RealNode } from '../../../../src/local-cluster/real-node/real-node.js';

/** Why the real-node suite is skipped on this machine (one line from scripts/real-node.sh check), if it is. */
export const realNodeSkip = process.env.KUBENOMAD_REAL_NODE_SKIP;

/** `describe`, or `describe.skip` when this machine cannot run a real node. */
export const describeRealNode = realNodeSkip ? describe.skip : describe;

/** What the suite's global setup installed. */
export function realNodeInstall(): RealNodeInstall {
  const text = process.env.KUBENOMAD_REAL_NODE_INSTALL;
  if (!text) throw new Error('KUBENOMAD_REAL_NODE_INSTALL is not set: run through jest --selectProjects real-node');
  return JSON.parse(text) as RealNodeInstall;
}

/** A running control plane with its real node. */
export interface RealCluster {
  cluster: LocalCluster;
  node: RealNode;
  install: RealNodeInstall;
  kc: KubeConfig;
  /** The guarded kernel settings as they were before anything started. */
  sysctlsBefore: Record<string, string>;
  kubectl(args: string[], input?: string): CommandResult;
  /** `ctr` against the node's containerd, in kubelet's namespace. */
  ctr(args: string[]): CommandResult;
  /** Stops node and control plane (once); returns how the machine still differs from before. */
  stop(): Promise<string[]>;
}

const log = (line: string): void => {
  if (process.env.KUBENOMAD_E2E_LOG) process.stderr.write(`[real-node] ${line}\n`);
};

/** Starts a control plane and a real node in a fresh directory (removed on stop). */
export async function startRealCluster(): Promise<RealCluster> {
  const install = realNodeInstall();
  const sysctlsBefore = guardedSysctls();
  const dir = mkdtempSync(join(tmpdir(), 'kubenomad-real-node-'));
  const cluster = await startLocalCluster({ dir, removeOnStop: true, log, startTimeoutMs: 120_000, ...realNodeClusterOptions() });
  let node: RealNode;
  try {
    // One real node per machine: another run's (a colleague's suite, a dev session) is waited for, not failed on.
    node = await startRealNode(cluster, { install, log, waitForMachineMs: 15 * 60_000 });
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  let stopped: Promise<string[]> | undefined;
  const stop = (): Promise<string[]> => (stopped ??= (async () => {
    const left = await node.stop();
    await cluster.stop();
    return left;
  })());
  return {
    cluster, node, install, sysctlsBefore, stop,
    kc: loadKubeConfig(cluster.kubeconfigPath),
    kubectl: (args, input) => tryRun(cluster.assets.kubectl, ['--kubeconfig', cluster.kubeconfigPath, ...args], input),
    ctr: (args) => tryRun('ctr', ['--address', node.containerdSocket, '-n', 'k8s.io', ...args]),
  };
}
