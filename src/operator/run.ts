/** The operator process: connects to the cluster and runs the controllers until the signal aborts. */
import { VersionApi, type KubeConfig } from '@kubernetes/client-node';
import type { Logger } from '../logging.js';

/** What the operator needs to run. */
export interface OperatorOptions {
  kubeconfig: KubeConfig;
  log: Logger;
  signal: AbortSignal;
}

/** Connects, logs the server version, runs until aborted. */
export async function runOperator(options: OperatorOptions): Promise<void> {
  const { kubeconfig, log, signal } = options;
  const version = await kubeconfig.makeApiClient(VersionApi).getCode();
  log.info({ server: kubeconfig.getCurrentCluster()?.server, version: version.gitVersion }, 'connected to Kubernetes');
  log.info('operator running; press Ctrl-C to stop');
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
  log.info('operator stopped');
}
