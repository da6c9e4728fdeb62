/**
 * Wiring of the operations commands — `deployment …`, `job history|revert`, `node status|eligibility|drain` and
 * `alloc status` — with each action importing its implementation on demand (start-up stays commander only).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Command } from 'commander';
import type { DeploymentAction } from './deployment.js';
import type { DrainOptions } from './node.js';

type KubeconfigOf = () => Promise<KubeConfig>;

function registerDeployment(program: Command, kubeconfig: KubeconfigOf): void {
  const deployment = program.command('deployment').description("a job's latest deployment (Nomad's deployment commands, by job)");
  const describe: Record<DeploymentAction | 'status', string> = {
    status: 'show the latest deployment of a job',
    promote: 'promote the canaries of the running deployment',
    fail: 'mark the running deployment as failed (auto_revert applies)',
    pause: 'pause the running deployment',
    resume: 'resume a paused deployment',
  };
  for (const [action, description] of Object.entries(describe) as Array<[DeploymentAction | 'status', string]>) {
    deployment.command(`${action} <job>`)
      .description(description)
      .option('-n, --namespace <ns>', 'Kubernetes namespace', 'default')
      .action(async (job: string, opts: { namespace: string }) => {
        const [{ runDeployment, deploymentClient }, kc] = await Promise.all([import('./deployment.js'), kubeconfig()]);
        process.exitCode = await runDeployment(action, job, opts.namespace, deploymentClient(kc));
      });
  }
}

function registerHistory(program: Command, kubeconfig: KubeconfigOf): void {
  const job = program.commands.find((c) => c.name() === 'job') ?? program.command('job').description('Nomad-style job subcommands');
  job.command('history <job>')
    .description('list the recorded versions of a job (newest first); -p shows what each changed')
    .option('-n, --namespace <ns>', 'Kubernetes namespace', 'default')
    .option('-p', 'show the diff of each version to the one before')
    .action(async (name: string, opts: { namespace: string; p?: boolean }) => {
      const [{ runJobHistory, historyClient }, kc] = await Promise.all([import('./job-history.js'), kubeconfig()]);
      process.exitCode = await runJobHistory(name, opts, historyClient(kc));
    });
  job.command('revert <job> <version>')
    .description('submit the spec of an earlier version again (a new version, rolled out as a new deployment)')
    .option('-n, --namespace <ns>', 'Kubernetes namespace', 'default')
    .action(async (name: string, version: string, opts: { namespace: string }) => {
      const [{ runJobRevert, historyClient }, kc] = await Promise.all([import('./job-history.js'), kubeconfig()]);
      process.exitCode = await runJobRevert(name, version, opts, historyClient(kc));
    });
}

function registerNode(program: Command, kubeconfig: KubeconfigOf): void {
  const node = program.command('node').description('Nomad-style node subcommands (status, eligibility, drain)');
  node.command('status [node]').description('list nodes, or show one node and its allocations')
    .action(async (name: string | undefined) => {
      const [{ runNodeStatus, nodeClient }, kc] = await Promise.all([import('./node.js'), kubeconfig()]);
      process.exitCode = await runNodeStatus(name, nodeClient(kc));
    });
  node.command('eligibility <node>').description('mark a node eligible or ineligible for new allocations (cordon)')
    .option('--enable', 'eligible').option('--disable', 'ineligible')
    .action(async (name: string, opts: { enable?: boolean; disable?: boolean }) => {
      const [{ runNodeEligibility, nodeClient }, kc] = await Promise.all([import('./node.js'), kubeconfig()]);
      process.exitCode = await runNodeEligibility(name, opts, nodeClient(kc));
    });
  node.command('drain <node>').description("move allocations off a node following each group's migrate block")
    .option('--enable', 'start draining (the default)').option('--disable', 'stop draining')
    .option('--deadline <duration>', 'stop the remaining allocations after this long (default 1h)')
    .option('--no-deadline', 'no deadline').option('--force', 'stop every allocation now')
    .option('--ignore-system', 'leave system allocations on the node').option('--keep-ineligible', 'with -disable: stay ineligible')
    .action(async (name: string, opts: Omit<DrainOptions, 'deadline'> & { deadline?: string | false }) => {
      const [{ runNodeDrain, nodeClient }, kc] = await Promise.all([import('./node.js'), kubeconfig()]);
      const { deadline, ...rest } = opts;
      process.exitCode = await runNodeDrain(name, { ...rest, ...(deadline === false ? { noDeadline: true } : { deadline }) }, nodeClient(kc));
    });
}

/** Registers the operations commands on the program. */
export function registerOperationCommands(program: Command, kubeconfig: KubeconfigOf): void {
  registerDeployment(program, kubeconfig);
  registerHistory(program, kubeconfig);
  registerNode(program, kubeconfig);
}
