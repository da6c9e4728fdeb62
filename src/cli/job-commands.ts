/**
 * Wiring of the Nomad-style job commands (convert, run, plan, status, job dispatch, job periodic force).
 * Start-up cost matters (`kubenomad --help` and `convert` should answer in a blink): this file imports only
 * commander; each action imports its implementation, and the Kubernetes client only when it talks to a cluster.
 */
import type { Command } from 'commander';
import type { KubeConfig } from '@kubernetes/client-node';
import type { VarOptions } from './convert.js';
import { collect } from './flags.js';
import type { PlanOptions } from './plan.js';

/** Loads the kubeconfig named by the global --kubeconfig (or the default one), when a command needs it. */
export type KubeconfigOf = () => Promise<KubeConfig>;

const print = (l: string): void => {
  process.stdout.write(`${l}\n`);
};

function varOptions(cmd: Command): Command {
  return cmd
    .option('--var <key=value>', 'HCL variable value (repeatable; Nomad spelling -var works too)', collect, [])
    .option('--var-file <path>', 'HCL variables file (repeatable; Nomad spelling -var-file works too)', collect, []);
}

function registerConvertRun(program: Command, kubeconfig: KubeconfigOf): void {
  varOptions(program.command('convert <jobspec>'))
    .description('translate an HCL jobspec into a NomadJob manifest')
    .option('-o, --output <format>', 'yaml or json', 'yaml')
    .action(async (file: string, opts: VarOptions & { output: string }) => {
      const { runConvert } = await import('./convert.js');
      process.exitCode = await runConvert(file, opts);
    });

  varOptions(program.command('run <jobspec>'))
    .description('submit a jobspec: server-side apply the NomadJob (field manager kubenomad-cli)')
    .option('-n, --namespace <ns>', 'Kubernetes namespace', 'default')
    .action(async (file: string, opts: VarOptions & { namespace: string }) => {
      const [{ kubeJobWriter, runRun }, { nomadJobReader }, kc] = await Promise.all([import('./run.js'), import('../k8s/webhook-config.js'), kubeconfig()]);
      process.exitCode = await runRun(file, opts, kubeJobWriter(kc, nomadJobReader(kc)));
    });
}

function registerPlanStatus(program: Command, kubeconfig: KubeconfigOf): void {
  varOptions(program.command('plan <jobspec>'))
    .description('show the changes and a scheduler dry-run against the cluster (exit 0: no changes, 1: changes, 255: error)')
    .option('-n, --namespace <ns>', 'Kubernetes namespace', 'default')
    .option('--verbose', 'also list each placement (allocation → node) and the decision seed')
    .option('--algorithm <name>', 'binpack or spread, as the operator\'s --algorithm (default: KUBENOMAD_SCHEDULER_ALGORITHM, else binpack)')
    .option('--scheduler-best-fit <k>', 'as the operator\'s --scheduler-best-fit (default: KUBENOMAD_SCHEDULER_BEST_FIT_CANDIDATES)')
    .option('--scheduler-scan-limit <n>', 'as the operator\'s --scheduler-scan-limit (default: KUBENOMAD_SCHEDULER_SCAN_LIMIT)')
    .action(async (file: string, opts: PlanOptions) => {
      const [{ runPlan }, { readers }, kc] = await Promise.all([import('./plan.js'), import('./readers.js'), kubeconfig()]);
      process.exitCode = await runPlan(file, opts, readers(kc));
    });

  program
    .command('status [job]')
    .description('show a job (or list the jobs of a namespace) in Nomad\'s layout')
    .option('-n, --namespace <ns>', 'Kubernetes namespace', 'default')
    .action(async (job: string | undefined, opts: { namespace: string }) => {
      const [{ runStatus }, { readers }, kc] = await Promise.all([import('./status.js'), import('./readers.js'), kubeconfig()]);
      process.exitCode = await runStatus(job, opts, readers(kc));
    });
}

function registerJobSubcommands(job: Command, kubeconfig: KubeconfigOf): void {
  job.command('dispatch')
    .description('dispatch an instance of a parameterized job: job dispatch [-meta K=V ...] [-id-prefix-template T] [-idempotency-token T] [-n ns] <job> [payload-file]')
    .allowUnknownOption()
    .allowExcessArguments()
    .helpOption(false)
    .argument('[args...]')
    .action(async (rest: string[]) => {
      const { parseDispatchArgs, runDispatch } = await import('./dispatch.js');
      process.exitCode = await runDispatch(parseDispatchArgs(rest), await kubeconfig(), print);
    });

  job.command('periodic')
    .description('interact with periodic jobs')
    .command('force <job>')
    .description('launch a periodic job now, regardless of its schedule and of prohibit_overlap')
    .option('-n, --namespace <ns>', 'Kubernetes namespace', 'default')
    .action(async (name: string, opts: { namespace: string }) => {
      const { runPeriodicForce } = await import('./periodic.js');
      process.exitCode = await runPeriodicForce(name, opts.namespace, await kubeconfig(), print);
    });
}

/** Registers convert, run, plan, status and the `job …` subcommands; `kubeconfig()` loads the global --kubeconfig lazily. */
export function registerJobCommands(program: Command, kubeconfig: KubeconfigOf): void {
  registerConvertRun(program, kubeconfig);
  registerPlanStatus(program, kubeconfig);
  const job = program.commands.find((c) => c.name() === 'job') ?? program.command('job').description('Nomad-style job subcommands (dispatch, periodic force, …)');
  registerJobSubcommands(job, kubeconfig);
}
