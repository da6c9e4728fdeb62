/** The operator process: connects to the cluster, serves metrics and health, and runs the controllers until aborted. */
import { VersionApi, type KubeConfig } from '@kubernetes/client-node';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Logger } from '../logging.js';
import { DEFAULT_KUBE_API_BURST, DEFAULT_KUBE_API_QPS } from '../k8s/pipe.js';
import { pooledKubeConfig, type PooledKubeConfig } from '../k8s/pooled-kubeconfig.js';
import { startNomadJobController } from '../controllers/nomadjob/controller.js';
import type { SchedulerSettings } from '../controllers/nomadjob/reconciler.js';
import { startPeriodicController } from '../controllers/periodic/controller.js';
import { startDispatchController } from '../controllers/dispatch/controller.js';
import { startServicesController } from '../controllers/services/controller.js';
import { DEFAULT_BEST_FIT_CANDIDATES } from '../placement/index.js';
import { startHttpServer } from './http.js';
import { leaderElectionConfigFromEnv, runWithLeaderElection } from './leader-election.js';
import { startClusterWebhook, type RunningWebhook } from './webhook.js';
import { Fence, fencedApi } from './fence.js';
import { kubeApi } from '../k8s/api.js';
import { jobLimitsFromEnv } from '../controllers/nomadjob/job-limits.js';
import { trackEventLoopDelay } from './event-loop-metrics.js';
import { nomadApiConfigFromEnv, startOperatorNomadApi, type NomadApiConfig } from '../nomad-api/index.js';
import { DEFAULT_NODE_LOST_GRACE_MS } from '../controllers/nomadjob/node-lost.js';
import { parseDuration } from '../controllers/nomadjob/duration.js';

/** Operator configuration (CLI flags or environment). */
export interface OperatorConfig {
  /** Metrics/health port; 0 picks a free one; -1 disables. Default 8080. */
  metricsPort: number;
  /** Address the metrics server binds (default all interfaces; `kubenomad dev` uses loopback). */
  metricsHost?: string;
  scheduler: SchedulerSettings;
  concurrency: number;
  /** Reconcile NomadJobs of this namespace only; all namespaces when unset. */
  namespace?: string;
  /** Client-side rate limit of the controllers' API requests (kube-scheduler's clientConnection); qps ≤ 0 turns it off. */
  kubeApi: { qps: number; burst: number };
  /** Nomad's HTTP API (src/nomad-api): port 4646 by default, -1 disables (KUBENOMAD_NOMAD_API_*). */
  nomadApi: NomadApiConfig;
}

/**
 * KUBENOMAD_SCHEDULER_BEST_FIT_CANDIDATES: a count ≥ 0, else the default, tight packing (docs/adr/0004);
 * 0 is Nomad's own random sample.
 */
function bestFitCandidatesFrom(value: string | undefined): number {
  const n = value === undefined || value.trim() === '' ? NaN : Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : DEFAULT_BEST_FIT_CANDIDATES;
}

/**
 * KUBENOMAD_KUBE_API_QPS (a number; 0 or less turns throttling off) and KUBENOMAD_KUBE_API_BURST (an integer ≥ 1),
 * else kube-scheduler's defaults (50, 100).
 */
function kubeApiLimitsFrom(env: NodeJS.ProcessEnv): OperatorConfig['kubeApi'] {
  const qps = env.KUBENOMAD_KUBE_API_QPS?.trim() ? Number(env.KUBENOMAD_KUBE_API_QPS) : NaN;
  const burst = env.KUBENOMAD_KUBE_API_BURST?.trim() ? Number(env.KUBENOMAD_KUBE_API_BURST) : NaN;
  return {
    qps: Number.isFinite(qps) ? qps : DEFAULT_KUBE_API_QPS,
    burst: Number.isSafeInteger(burst) && burst >= 1 ? burst : DEFAULT_KUBE_API_BURST,
  };
}

/** KUBENOMAD_NODE_LOST_GRACE (a Go duration such as 10s or 1m); the default (10s) when unset. */
export function nodeLostGraceFrom(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_NODE_LOST_GRACE_MS;
  const ms = parseDuration(text);
  if (ms === undefined) throw new Error(`KUBENOMAD_NODE_LOST_GRACE: "${text}" is not a duration (e.g. 10s, 1m)`);
  return ms;
}

/** Defaults, overridable by KUBENOMAD_* environment variables. */
export function defaultOperatorConfig(env: NodeJS.ProcessEnv = process.env): OperatorConfig {
  const algorithm = env.KUBENOMAD_SCHEDULER_ALGORITHM === 'spread' ? 'spread' : 'binpack';
  return {
    metricsPort: env.KUBENOMAD_METRICS_PORT !== undefined ? Number(env.KUBENOMAD_METRICS_PORT) : 8080,
    scheduler: {
      algorithm,
      execImage: env.KUBENOMAD_EXEC_IMAGE?.trim() || undefined,
      scanLimit: env.KUBENOMAD_SCHEDULER_SCAN_LIMIT ? Number(env.KUBENOMAD_SCHEDULER_SCAN_LIMIT) : undefined,
      bestFitCandidates: bestFitCandidatesFrom(env.KUBENOMAD_SCHEDULER_BEST_FIT_CANDIDATES),
      limits: jobLimitsFromEnv(env),
      bindMode: env.KUBENOMAD_BIND_MODE === 'binding' ? 'binding' : 'node-name',
      nodeLostGraceMs: nodeLostGraceFrom(env.KUBENOMAD_NODE_LOST_GRACE),
    },
    concurrency: Number(env.KUBENOMAD_CONCURRENCY ?? 4),
    namespace: env.KUBENOMAD_NAMESPACE || undefined,
    kubeApi: kubeApiLimitsFrom(env),
    nomadApi: nomadApiConfigFromEnv(env),
  };
}

/** What the operator needs to run. */
export interface OperatorOptions {
  kubeconfig: KubeConfig;
  log: Logger;
  signal: AbortSignal;
  config?: OperatorConfig;
}

/** Something started that must be stopped. */
interface Stoppable {
  stop(): Promise<void>;
}

/** Starts every controller (the leader's work); stops the ones already started if one fails. */
async function startControllers(pooled: PooledKubeConfig, log: Logger, registry: Registry, config: OperatorConfig, fence: Fence): Promise<Stoppable> {
  const started: Stoppable[] = [];
  const stopAll = async (): Promise<void> => {
    for (const c of started.reverse()) await c.stop();
  };
  try {
    // One API for every controller, each write checked against the fence right before it goes out.
    // The fence is checked twice: before a write is queued, and again after the rate limiter's wait, just before
    // it goes out (a leader paused while its writes waited must not send them).
    const kubeconfig = pooled.withWriteGate((i) => fence.check(`${i.verb} ${i.resource}`));
    const api = fencedApi(kubeApi(kubeconfig), fence);
    const common = { kc: kubeconfig, log, registry, namespace: config.namespace, concurrency: config.concurrency, api };
    started.push(await startNomadJobController({ ...common, settings: config.scheduler }));
    started.push(await startPeriodicController(common));
    started.push(await startDispatchController(common));
    started.push(await startServicesController(common));
  } catch (err) {
    await stopAll();
    throw err;
  }
  return { stop: stopAll };
}

/** Resolves when the signal aborts. */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/**
 * Connects, serves metrics and health, and runs the controllers until aborted. With leader election
 * configured (KUBENOMAD_LEADER_ELECTION_ID), only the Lease holder runs the controllers; a replica that
 * loses the lease exits so it restarts clean.
 */
export async function runOperator(options: OperatorOptions): Promise<void> {
  const { log, signal } = options;
  const config = options.config ?? defaultOperatorConfig();
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kubenomad_' });
  const stopLoopMetrics = trackEventLoopDelay(registry);
  // One keep-alive pool, rate limiter and set of API metrics for every controller (docs/adr/0003-kube-api-pipe.md).
  const kubeconfig = pooledKubeConfig(options.kubeconfig, { ...config.kubeApi, registry });
  const version = await kubeconfig.makeApiClient(VersionApi).getCode();
  log.info({ server: kubeconfig.getCurrentCluster()?.server, version: version.gitVersion, kubeApi: config.kubeApi }, 'connected to Kubernetes');
  let ready = false;
  const http = config.metricsPort >= 0 ? await startHttpServer(registry, { ready: () => ready }, config.metricsPort, config.metricsHost) : undefined;
  if (http) log.info({ host: config.metricsHost ?? '0.0.0.0', port: http.port }, 'serving /metrics, /healthz, /readyz');
  const lead = async (leading: AbortSignal, fence: Fence = Fence.open()): Promise<void> => {
    const controllers = await startControllers(kubeconfig, log, registry, config, fence);
    log.info('operator running; press Ctrl-C to stop');
    await aborted(leading);
    log.info('stopping: finishing in-flight reconciles');
    await controllers.stop();
  };
  let webhook: RunningWebhook | undefined;
  // Every replica serves Nomad's API; its writes go to the apiserver as the caller, so any replica can answer.
  // A port already taken (e.g. several operators on one machine) leaves the operator running without it.
  const nomadApi = await startOperatorNomadApi({ kubeconfig: options.kubeconfig, config: config.nomadApi, scheduler: config.scheduler, metrics: () => registry.metrics(), onError: (m) => log.warn(m) })
    .catch((err: unknown) => void log.error({ err: String(err), port: config.nomadApi.port }, "cannot serve Nomad's HTTP API"));
  if (nomadApi) log.info({ port: nomadApi.port }, "serving Nomad's HTTP API");
  try {
    // Admission reads and lease renewals get rate limiters of their own: a backlog of controller writes must
    // never delay an admission review or make the leader miss its renew deadline.
    webhook = await startClusterWebhook(kubeconfig.withOwnRateLimiter(), log);
    const election = leaderElectionConfigFromEnv();
    ready = true; // standbys are ready too (they serve health and, later, webhooks)
    if (election) {
      await runWithLeaderElection(kubeconfig.withOwnRateLimiter(), { ...election, signal, log, registry }, lead, () => {
        if (!signal.aborted) {
          log.error('lost the leader lease; exiting so this replica restarts clean');
          process.exit(1);
        }
      });
    } else {
      await lead(signal);
    }
  } finally {
    await webhook?.stop();
    stopLoopMetrics();
    await nomadApi?.close();
    http?.server.close();
    log.info('operator stopped');
  }
}
