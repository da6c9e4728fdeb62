/**
 * `kubenomad dev`: a local control plane with fake nodes, the CRDs installed, and the operator in the foreground
 * (like `nomad agent -dev`); with --real-node also one real node (kubelet + containerd on this machine).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { startLocalCluster, type LocalCluster } from '../local-cluster/local-cluster.js';
import { installRealNode, realNodeUnavailable } from '../local-cluster/real-node/install.js';
import { realNodeClusterOptions, startRealNode, type RealNode } from '../local-cluster/real-node/real-node.js';
import { defaultDevNodes, type FakeNodeSpec } from '../local-cluster/fake-nodes.js';
import { createFakeNodes, installCrds } from '../local-cluster/bootstrap.js';
import { loadKubeConfig } from '../k8s/kubeconfig.js';
import { defaultOperatorConfig, runOperator, type OperatorConfig } from '../operator/run.js';
import { startLocalWebhook } from '../operator/webhook.js';
import type { Logger } from '../logging.js';

/** Options of `kubenomad dev`. */
export interface DevOptions {
  /** Fake nodes; default 6, or 0 with a real node. */
  nodes?: number;
  dir?: string;
  /** Also run one real node on this machine (root, Linux). */
  realNode?: boolean;
  /** Run the operator and its webhook in the foreground (default true; false to install the Helm chart instead). */
  operator?: boolean;
}

/** Resolves when the signal aborts. */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
}

/** The documented home of the dev cluster: $KUBENOMAD_HOME/dev, default ~/.kubenomad/dev. */
export function devHome(): string {
  return join(process.env.KUBENOMAD_HOME ?? join(homedir(), '.kubenomad'), 'dev');
}

function devNodes(count: number): FakeNodeSpec[] {
  const base = defaultDevNodes();
  return Array.from({ length: count }, (_, i) => ({ ...base[i % base.length]!, name: `kubenomad-node-${i + 1}` }));
}

/** Starts the real node, and points exec/raw_exec tasks at its locally built base image. */
async function startDevRealNode(cluster: LocalCluster, install: ReturnType<typeof installRealNode>, log: Logger): Promise<RealNode> {
  const node = await startRealNode(cluster, { install, log: (line) => log.info(line) });
  if (!process.env.KUBENOMAD_EXEC_IMAGE) process.env.KUBENOMAD_EXEC_IMAGE = node.execImage;
  return node;
}

/** Stops the real node and says how the machine still differs, if it does. */
async function stopDevRealNode(node: RealNode | undefined, log: Logger): Promise<void> {
  if (!node) return;
  log.info('stopping the real node');
  const left = await node.stop();
  if (left.length > 0) log.error({ differences: left }, 'the machine is not as the real node found it');
}

/** The dev cluster: control plane, CRDs, fake nodes and, when asked, the real node. */
interface DevCluster {
  cluster: LocalCluster;
  kc: ReturnType<typeof loadKubeConfig>;
  node?: RealNode;
}

/** Starts the control plane (with what a real node needs, when asked), the CRDs, the fake nodes and the real node. */
async function startDevCluster(options: DevOptions, dir: string, log: Logger): Promise<DevCluster> {
  const unavailable = options.realNode ? realNodeUnavailable() : undefined;
  if (unavailable) throw new Error(`Cannot run a real node here: ${unavailable}`);
  const install = options.realNode ? installRealNode(false, (line) => log.info(line)) : undefined;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const extra = options.realNode ? realNodeClusterOptions() : {};
  const cluster = await startLocalCluster({ dir, removeOnStop: false, log: (line) => log.info(line), ...extra });
  const kc = loadKubeConfig(cluster.kubeconfigPath);
  let node: RealNode | undefined;
  try {
    await installCrds(kc);
    await createFakeNodes(kc, devNodes(options.nodes ?? (options.realNode ? 0 : 6)));
    if (install) node = await startDevRealNode(cluster, install, log);
    return { cluster, kc, node };
  } catch (err) {
    await stopDevRealNode(node, log);
    await cluster.stop();
    throw err;
  }
}

/** The operator's settings in dev: metrics on loopback, on a free port unless KUBENOMAD_METRICS_PORT names one (two dev instances must not collide). */
export function devOperatorConfig(env: NodeJS.ProcessEnv = process.env): OperatorConfig {
  const config = defaultOperatorConfig(env);
  return { ...config, metricsPort: env.KUBENOMAD_METRICS_PORT !== undefined ? config.metricsPort : 0, metricsHost: '127.0.0.1' };
}

/** Runs the dev cluster and the operator until SIGINT/SIGTERM. */
export async function runDev(options: DevOptions, log: Logger): Promise<void> {
  const { cluster, kc, node } = await startDevCluster(options, options.dir ?? devHome(), log);
  const webhook = options.operator === false ? undefined : await startLocalWebhook(kc, log);
  process.stdout.write(
    [
      '',
      '==> kubenomad dev: local control plane is up',
      `    API server:  ${cluster.server}`,
      `    Kubeconfig:  ${cluster.kubeconfigPath}`,
      `    Logs:        ${join(cluster.dir, 'logs')}`,
      ...(node ? [`    Real node:   ${node.name} (node IP ${node.ip}, pods ${node.network.podCidr}, exec image ${process.env.KUBENOMAD_EXEC_IMAGE})`] : []),
      '',
      '    Try:',
      `      export KUBECONFIG=${cluster.kubeconfigPath}`,
      '      kubectl get nodes -L kubenomad.io/datacenter,kubenomad.io/node-class',
      '      kubectl get crd | grep kubenomad.io',
      '      kubectl apply -f examples/',
      '      npx kubenomad status example      (from this repository; `npm link` puts kubenomad on PATH)',
      '    (batch examples finish on the fake nodes because they carry kwok.kubenomad.io/complete-after)',
      `    (kubectl ${cluster.assets.kubectl.replace(/\/kubectl$/, '')} has a matching kubectl)`,
      '',
    ].join('\n'),
  );
  const shutdown = new AbortController();
  // Watch the control plane: if one of its processes dies, stop rather than run against half a cluster.
  const watch = setInterval(() => {
    const dead = [...cluster.processes, ...(node?.processes ?? [])].find((p) => !p.isRunning());
    if (dead && !shutdown.signal.aborted) {
      log.error({ process: dead.name, log: dead.logFile }, 'a control plane process exited; stopping');
      process.exitCode = 1;
      shutdown.abort();
    }
  }, 2000);
  const onSignal = (): void => shutdown.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    if (options.operator === false) await aborted(shutdown.signal);
    else await runOperator({ kubeconfig: kc, log, signal: shutdown.signal, config: devOperatorConfig() });
  } finally {
    clearInterval(watch);
    await webhook?.stop();
    await stopDevRealNode(node, log);
    log.info('stopping the local control plane');
    await cluster.stop();
  }
}
