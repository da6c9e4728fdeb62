/** Wiring of the Nomad-style job commands (convert, run, plan, status) onto the CLI and the cluster readers. */
import type { Command } from 'commander';
import type { NomadJob } from '../crds/nomadjob-types.js';
import { kubeApi } from '../k8s/api.js';
import { loadKubeConfig } from '../k8s/kubeconfig.js';
import { nomadJobReader } from '../k8s/webhook-config.js';
import { collect, runConvert, type VarOptions } from './convert.js';
import { runPlan, type PlanOptions, type PlanReader } from './plan.js';
import { kubeJobWriter, runRun } from './run.js';
import { runStatus, type StatusReader } from './status.js';

type KubeconfigOf = () => ReturnType<typeof loadKubeConfig>;

function readers(kc: ReturnType<typeof loadKubeConfig>): PlanReader & StatusReader {
  const api = kubeApi(kc, 'kubenomad.io/cli');
  const readJob = nomadJobReader(kc);
  return {
    readJob,
    listNodes: async () => (await api.listNodes()).items,
    async listPods(namespace?: string, selector?: string) {
      const [key, value] = (selector ?? '').split('=');
      const pods = (await api.listPods()).items;
      return pods.filter((p) => (!namespace || p.metadata?.namespace === namespace) && (!key || p.metadata?.labels?.[key] === value));
    },
    async listJobs(namespace) {
      const items = (await api.listCustom<NomadJob>('nomadjobs')).items as NomadJob[];
      return items.filter((j) => j.metadata.namespace === namespace).sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
    },
  };
}

function varOptions(cmd: Command): Command {
  return cmd
    .option('--var <key=value>', 'HCL variable value (repeatable; Nomad spelling -var works too)', collect, [])
    .option('--var-file <path>', 'HCL variables file (repeatable; Nomad spelling -var-file works too)', collect, []);
}

/** Registers convert, run, plan and status; `kubeconfig()` loads the global --kubeconfig lazily. */
export function registerJobCommands(program: Command, kubeconfig: KubeconfigOf): void {
  varOptions(program.command('convert <jobspec>'))
    .description('translate an HCL jobspec into a NomadJob manifest')
    .option('-o, --output <format>', 'yaml or json', 'yaml')
    .action(async (file: string, opts: VarOptions & { output: string }) => {
      process.exitCode = await runConvert(file, opts);
    });

  varOptions(program.command('run <jobspec>'))
    .description('submit a jobspec: server-side apply the NomadJob (field manager kubenomad-cli)')
    .option('-n, --namespace <ns>', 'Kubernetes namespace', 'default')
    .action(async (file: string, opts: VarOptions & { namespace: string }) => {
      const kc = kubeconfig();
      process.exitCode = await runRun(file, opts, kubeJobWriter(kc, nomadJobReader(kc)));
    });

  varOptions(program.command('plan <jobspec>'))
    .description('show the changes and a scheduler dry-run against the cluster (exit 0: no changes, 1: changes, 255: error)')
    .option('-n, --namespace <ns>', 'Kubernetes namespace', 'default')
    .option('--verbose', 'also list each placement (allocation → node) and the decision seed')
    .option('--algorithm <name>', 'binpack or spread, as the operator\'s --algorithm (default: KUBENOMAD_SCHEDULER_ALGORITHM, else binpack)')
    .option('--scheduler-best-fit <k>', 'as the operator\'s --scheduler-best-fit (default: KUBENOMAD_SCHEDULER_BEST_FIT_CANDIDATES)')
    .option('--scheduler-scan-limit <n>', 'as the operator\'s --scheduler-scan-limit (default: KUBENOMAD_SCHEDULER_SCAN_LIMIT)')
    .action(async (file: string, opts: PlanOptions) => {
      process.exitCode = await runPlan(file, opts, readers(kubeconfig()));
    });

  program
    .command('status [job]')
    .description('show a job (or list the jobs of a namespace) in Nomad\'s layout')
    .option('-n, --namespace <ns>', 'Kubernetes namespace', 'default')
    .action(async (job: string | undefined, opts: { namespace: string }) => {
      process.exitCode = await runStatus(job, opts, readers(kubeconfig()));
    });
}
