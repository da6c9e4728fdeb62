/** The operator process: connects to the cluster, serves metrics and health, and runs the controllers until aborted. */
import { VersionApi, type KubeConfig } from '@kubernetes/client-node';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Logger } from '../logging.js';
import { startNomadJobController, type RunningController } from '../controllers/nomadjob/controller.js';
import type { SchedulerSettings } from '../controllers/nomadjob/reconciler.js';
import { startHttpServer } from './http.js';

/** Operator configuration (CLI flags or environment). */
export interface OperatorConfig {
  /** Metrics/health port; 0 picks a free one; -1 disables. Default 8080. */
  metricsPort: number;
  scheduler: SchedulerSettings;
  concurrency: number;
  /** Reconcile NomadJobs of this namespace only; all namespaces when unset. */
  namespace?: string;
}

/** Defaults, overridable by KUBENOMAD_* environment variables. */
export function defaultOperatorConfig(env: NodeJS.ProcessEnv = process.env): OperatorConfig {
  const algorithm = env.KUBENOMAD_SCHEDULER_ALGORITHM === 'spread' ? 'spread' : 'binpack';
  return {
    metricsPort: env.KUBENOMAD_METRICS_PORT !== undefined ? Number(env.KUBENOMAD_METRICS_PORT) : 8080,
    scheduler: { algorithm, execImage: env.KUBENOMAD_EXEC_IMAGE },
    concurrency: Number(env.KUBENOMAD_CONCURRENCY ?? 4),
    namespace: env.KUBENOMAD_NAMESPACE || undefined,
  };
}

/** What the operator needs to run. */
export interface OperatorOptions {
  kubeconfig: KubeConfig;
  log: Logger;
  signal: AbortSignal;
  config?: OperatorConfig;
}

/** Connects, starts the controllers and the HTTP endpoint, runs until aborted, then stops cleanly. */
export async function runOperator(options: OperatorOptions): Promise<void> {
  const { kubeconfig, log, signal } = options;
  const config = options.config ?? defaultOperatorConfig();
  const version = await kubeconfig.makeApiClient(VersionApi).getCode();
  log.info({ server: kubeconfig.getCurrentCluster()?.server, version: version.gitVersion }, 'connected to Kubernetes');
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kubenomad_' });
  let ready = false;
  const http = config.metricsPort >= 0 ? await startHttpServer(registry, { ready: () => ready }, config.metricsPort) : undefined;
  if (http) log.info({ port: http.port }, 'serving /metrics, /healthz, /readyz');
  let controller: RunningController | undefined;
  try {
    controller = await startNomadJobController({ kc: kubeconfig, log, registry, settings: config.scheduler, concurrency: config.concurrency, namespace: config.namespace });
    ready = true;
    log.info('operator running; press Ctrl-C to stop');
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    log.info('stopping: finishing in-flight reconciles');
    await controller?.stop();
    http?.server.close();
    log.info('operator stopped');
  }
}
