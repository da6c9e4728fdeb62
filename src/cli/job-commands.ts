/**
 * Wiring of the Nomad-style job commands (convert, run, plan, status, job dispatch, job periodic force).
 * Start-up cost matters (`kubenomad --help` and `convert` should answer in a blink): this file imports only
 * commander; each action imports its implementation, and the Kubernetes client only when it talks to a cluster.
 */
import type { Command } from 'commander';
import type { KubeConfig } from '@kubernetes/client-node';
import type { VarOptions } from './convert.js';
import { collect } from './flags.js';
import type { OutputFlags } from './output.js';
import type { PlanOptions } from './plan.js';
import type { RunOptions } from './run.js';

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
    .option('--check-index <index>', 'submit only if the job\'s modify index (resourceVersion, printed by plan) is still this; 0: only if the job does not exist')
    .action(async (file: string, opts: RunOptions & { namespace: string }) => {
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

  outputOptions(program.command('status [job]'))
    .description('show a job (or list the jobs of a namespace) in Nomad\'s layout; a periodic/parameterized parent shows its children')
    .option('-n, --namespace <ns>', 'Kubernetes namespace', 'default')
    .action(async (job: string | undefined, opts: { namespace: string; json?: boolean; template?: string }) => {
      const [{ runStatus }, { readers }, kc] = await Promise.all([import('./status.js'), import('./readers.js'), kubeconfig()]);
      process.exitCode = await runStatus(job, { namespace: opts.namespace, ...output(opts) }, readers(kc));
    });
}

function outputOptions(cmd: Command): Command {
  return cmd.option('--json', 'print the object as JSON').option('-t, --template <template>', 'format the object with a template of field actions ({{ .spec.type }})');
}

/** `-t` is commander's `template`; the implementations take Nomad's names. */
const output = (opts: { json?: boolean; template?: string }): OutputFlags => ({ json: opts.json, t: opts.template });

function registerJobManagement(job: Command, kubeconfig: KubeconfigOf): void {
  outputOptions(job.command('inspect <job>'))
    .description('print the stored NomadJob as JSON (Nomad: {"Job": …})')
    .option('-n, --namespace <ns>', 'Kubernetes namespace', 'default')
    .action(async (name: string, opts: { namespace: string; json?: boolean; template?: string }) => {
      const [{ runInspect }, { nomadJobReader }, kc] = await Promise.all([import('./job-manage.js'), import('../k8s/webhook-config.js'), kubeconfig()]);
      process.exitCode = await runInspect(name, { namespace: opts.namespace, ...output(opts) }, nomadJobReader(kc));
    });

  varOptions(job.command('validate <jobspec>'))
    .description('check a jobspec as the apiserver and the admission webhook would, without a cluster')
    .action(async (file: string, opts: VarOptions) => {
      const { runValidate } = await import('./job-manage.js');
      process.exitCode = await runValidate(file, opts);
    });

  job.command('stop <job>')
    .description('stop a job (spec.stop = true: its allocations stop, the job stays); --purge deletes it')
    .option('-n, --namespace <ns>', 'Kubernetes namespace', 'default')
    .option('--purge', 'delete the NomadJob instead of marking it stopped')
    .action(async (name: string, opts: { namespace: string; purge?: boolean }) => {
      const [{ runStop }, { kubeJobStopper }, kc] = await Promise.all([import('./job-manage.js'), import('./job-stopper.js'), kubeconfig()]);
      process.exitCode = await runStop(name, opts, kubeJobStopper(kc));
    });
}

function registerAlloc(program: Command, kubeconfig: KubeconfigOf): void {
  const alloc = program.commands.find((c) => c.name() === 'alloc') ?? program.command('alloc').description('Nomad-style allocation subcommands');
  outputOptions(alloc.command('status <alloc-id>'))
    .description('show one allocation (the pod with that kubenomad.io/alloc-id, prefix allowed)')
    .option('-n, --namespace <ns>', 'Kubernetes namespace', 'default')
    .action(async (id: string, opts: { namespace: string; json?: boolean; template?: string }) => {
      const kc = await kubeconfig();
      if (opts.json || opts.template) { // the allocation as data
        const [{ runAllocStatus }, { readers }] = await Promise.all([import('./alloc-view.js'), import('./readers.js')]);
        process.exitCode = await runAllocStatus(id, { namespace: opts.namespace, ...output(opts) }, readers(kc));
        return;
      }
      // Nomad's text: status, task restarts and the reschedule history
      const [{ runAllocStatus }, { kubeApi }, { nomadJobReader }] = await Promise.all([import('./alloc.js'), import('../k8s/api.js'), import('../k8s/webhook-config.js')]);
      const api = kubeApi(kc, 'kubenomad.io/cli');
      process.exitCode = await runAllocStatus(id, { namespace: opts.namespace }, {
        listPods: async (ns) => (await api.listPods()).items.filter((p) => p.metadata?.namespace === ns),
        readJob: nomadJobReader(kc),
        listNodes: async () => (await api.listNodes()).items,
      });
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
  registerJobManagement(job, kubeconfig);
  registerAlloc(program, kubeconfig);
}
