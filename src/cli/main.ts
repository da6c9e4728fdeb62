/**
 * The kubenomad CLI: wiring of every command (dev, operator, and the Nomad-style job commands).
 * Imports only commander at start-up; each action imports what it runs (see `npm run bench:cli`).
 */
import { Command, InvalidArgumentError } from 'commander';
import type { OperatorConfig } from '../operator/run.js';
import { cliErrorMessage } from './errors.js';
import { nonNegative, nonNegativeInt, normalizeNomadFlags, positiveInt } from './flags.js';
import type { KubeConfig } from '@kubernetes/client-node';
import { registerApiCommand } from './api.js';
import { registerJobCommands } from './job-commands.js';
import { registerOperationCommands } from './operation-commands.js';

/** Flags of `kubenomad operator`. */
interface OperatorFlags {
  namespace?: string;
  metricsPort?: string;
  algorithm?: string;
  schedulerScanLimit?: string;
  schedulerBestFit?: string;
  kubeApiQps?: string;
  kubeApiBurst?: string;
  nomadApiPort?: string;
  nodeLostGrace?: string;
}

/** Operator configuration: flags over KUBENOMAD_* environment variables over defaults. */
async function operatorConfigFrom(opts: OperatorFlags): Promise<OperatorConfig> {
  const { defaultOperatorConfig } = await import('../operator/run.js');
  const env = { ...process.env };
  if (opts.schedulerBestFit !== undefined) env.KUBENOMAD_SCHEDULER_BEST_FIT_CANDIDATES = String(nonNegativeInt(opts.schedulerBestFit));
  if (opts.schedulerScanLimit !== undefined) env.KUBENOMAD_SCHEDULER_SCAN_LIMIT = String(positiveInt(opts.schedulerScanLimit));
  if (opts.namespace) env.KUBENOMAD_NAMESPACE = opts.namespace;
  if (opts.metricsPort !== undefined) env.KUBENOMAD_METRICS_PORT = opts.metricsPort;
  if (opts.kubeApiQps !== undefined) env.KUBENOMAD_KUBE_API_QPS = String(nonNegative(opts.kubeApiQps));
  if (opts.kubeApiBurst !== undefined) env.KUBENOMAD_KUBE_API_BURST = String(positiveInt(opts.kubeApiBurst));
  if (opts.nomadApiPort !== undefined) env.KUBENOMAD_NOMAD_API_PORT = opts.nomadApiPort;
  if (opts.nodeLostGrace !== undefined) env.KUBENOMAD_NODE_LOST_GRACE = opts.nodeLostGrace;
  if (opts.algorithm) {
    if (opts.algorithm !== 'binpack' && opts.algorithm !== 'spread') throw new InvalidArgumentError(`--algorithm must be binpack or spread, got "${opts.algorithm}"`);
    env.KUBENOMAD_SCHEDULER_ALGORITHM = opts.algorithm;
  }
  return defaultOperatorConfig(env);
}

/** Builds the command tree. */
export function buildCli(): Command {
  const program = new Command('kubenomad')
    .description("Nomad's job model and scheduler on Kubernetes")
    .option('--kubeconfig <path>', 'kubeconfig to use (default: KUBECONFIG, ~/.kube/config, in-cluster)')
    .showHelpAfterError();

  program
    .command('dev')
    .description('start a local control plane with fake nodes and run the operator (like `nomad agent -dev`)')
    .option('--nodes <n>', 'number of fake nodes (default 6, or 0 with --real-node)', nonNegativeInt)
    .option('--dir <path>', 'state directory (default ~/.kubenomad/dev)')
    .option('--real-node', 'also run one real node here: kubelet, containerd and runc (Linux, root; see scripts/real-node.sh)')
    .option('--no-operator', 'do not run the operator and its webhook (to install the Helm chart into the dev cluster)')
    .action(async (opts: { nodes?: number; dir?: string; realNode?: boolean; operator?: boolean }) => {
      const [{ runDev }, { createLogger }] = await Promise.all([import('./dev.js'), import('../logging.js')]);
      await runDev(opts, createLogger());
    });

  program
    .command('operator')
    .description('run the operator against the configured cluster (KUBECONFIG or in-cluster)')
    .option('--namespace <ns>', 'reconcile NomadJobs of this namespace only (env KUBENOMAD_NAMESPACE; default all)')
    .option('--metrics-port <port>', 'port of /metrics, /healthz, /readyz (env KUBENOMAD_METRICS_PORT; 0 = any free port)')
    .option('--algorithm <name>', 'default scheduler algorithm: binpack or spread (env KUBENOMAD_SCHEDULER_ALGORITHM)')
    .option('--scheduler-scan-limit <n>', "fitting nodes scored per placement; default Nomad's limit, 128 packs tightly (env KUBENOMAD_SCHEDULER_SCAN_LIMIT)")
    .option('--scheduler-best-fit <k>', 'binpack scores the k fullest fitting nodes (default 2: packs like first-fit-decreasing at Nomad\'s speed, ADR 0004); 0 = Nomad\'s random sample (env KUBENOMAD_SCHEDULER_BEST_FIT_CANDIDATES)')
    .option('--kube-api-qps <qps>', 'sustained Kubernetes API requests per second, as kube-scheduler; 0 = no client-side limit (env KUBENOMAD_KUBE_API_QPS; default 50)')
    .option('--kube-api-burst <n>', 'Kubernetes API requests allowed at once above the qps (env KUBENOMAD_KUBE_API_BURST; default 100)')
    .option('--nomad-api-port <port>', "port of Nomad's HTTP API (env KUBENOMAD_NOMAD_API_PORT; default 4646; -1 = off)")
    .option('--node-lost-grace <duration>', "after a node turns NotReady, how long its allocations still count as running before they are lost, as Nomad's heartbeat_grace (env KUBENOMAD_NODE_LOST_GRACE; default 10s)")
    .action(async (opts: OperatorFlags) => {
      const [{ createLogger }, { existingClusterConfig, loadKubeConfig }, { runOperator }] = await Promise.all([
        import('../logging.js'), import('../k8s/kubeconfig.js'), import('../operator/run.js'),
      ]);
      const log = createLogger();
      const config = await operatorConfigFrom(opts);
      const path = program.opts<{ kubeconfig?: string }>().kubeconfig;
      if (!path && !existingClusterConfig()) {
        log.error('No cluster configured (KUBECONFIG, ~/.kube/config or in-cluster). Use `kubenomad dev` for a local one.');
        process.exitCode = 1;
        return;
      }
      const shutdown = new AbortController();
      process.once('SIGINT', () => shutdown.abort());
      process.once('SIGTERM', () => shutdown.abort());
      await runOperator({ kubeconfig: loadKubeConfig(path), log, signal: shutdown.signal, config });
    });
  const kubeconfig = async (): Promise<KubeConfig> => (await import('../k8s/kubeconfig.js')).loadKubeConfig(program.opts<{ kubeconfig?: string }>().kubeconfig);
  registerJobCommands(program, kubeconfig);
  registerOperationCommands(program, kubeconfig);
  registerApiCommand(program);
  return program;
}

/** Entry point. */
export async function main(argv: string[]): Promise<void> {
  await buildCli().parseAsync(normalizeNomadFlags(argv));
}

main(process.argv).catch((err: unknown) => {
  process.stderr.write(`Error: ${cliErrorMessage(err)}\n`);
  process.exit(1);
});
