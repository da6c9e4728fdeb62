/** `kubenomad dev`: a local control plane with fake nodes, the CRDs installed, and the operator in the foreground (like `nomad agent -dev`). */
import { mkdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { startLocalCluster } from '../local-cluster/local-cluster.js';
import { defaultDevNodes, type FakeNodeSpec } from '../local-cluster/fake-nodes.js';
import { createFakeNodes, installCrds } from '../local-cluster/bootstrap.js';
import { loadKubeConfig } from '../k8s/kubeconfig.js';
import { runOperator } from '../operator/run.js';
import { startLocalWebhook } from '../operator/webhook.js';
import type { Logger } from '../logging.js';

/** Options of `kubenomad dev`. */
export interface DevOptions {
  nodes: number;
  dir?: string;
}

/** The documented home of the dev cluster: $KUBENOMAD_HOME/dev, default ~/.kubenomad/dev. */
export function devHome(): string {
  return join(process.env.KUBENOMAD_HOME ?? join(homedir(), '.kubenomad'), 'dev');
}

function devNodes(count: number): FakeNodeSpec[] {
  const base = defaultDevNodes();
  return Array.from({ length: count }, (_, i) => ({ ...base[i % base.length]!, name: `kubenomad-node-${i + 1}` }));
}

/** Runs the dev cluster and the operator until SIGINT/SIGTERM. */
export async function runDev(options: DevOptions, log: Logger): Promise<void> {
  const dir = options.dir ?? devHome();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const cluster = await startLocalCluster({ dir, removeOnStop: false, log: (line) => log.info(line) });
  const kc = loadKubeConfig(cluster.kubeconfigPath);
  await installCrds(kc);
  await createFakeNodes(kc, devNodes(options.nodes));
  const webhook = await startLocalWebhook(kc, log);
  process.stdout.write(
    [
      '',
      '==> kubenomad dev: local control plane is up',
      `    API server:  ${cluster.server}`,
      `    Kubeconfig:  ${cluster.kubeconfigPath}`,
      `    Logs:        ${join(cluster.dir, 'logs')}`,
      '',
      '    Try:',
      `      export KUBECONFIG=${cluster.kubeconfigPath}`,
      '      kubectl get nodes -L kubenomad.io/datacenter,kubenomad.io/node-class',
      '      kubectl get crd | grep kubenomad.io',
      '      kubectl apply -f examples/',
      '      kubenomad status example',
      `    (kubectl ${cluster.assets.kubectl.replace(/\/kubectl$/, '')} has a matching kubectl)`,
      '',
    ].join('\n'),
  );
  const shutdown = new AbortController();
  // Watch the control plane: if one of its processes dies, stop rather than run against half a cluster.
  const watch = setInterval(() => {
    const dead = cluster.processes.find((p) => !p.isRunning());
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
    await runOperator({ kubeconfig: kc, log, signal: shutdown.signal });
  } finally {
    clearInterval(watch);
    await webhook.stop();
    log.info('stopping the local control plane');
    await cluster.stop();
  }
}
