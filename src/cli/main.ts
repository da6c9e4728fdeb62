/** The kubenomad CLI: wiring of every command (dev, operator, and the Nomad-style job commands). */
import { Command, InvalidArgumentError } from 'commander';
import { createLogger } from '../logging.js';
import { runDev } from './dev.js';
import { existingClusterConfig, loadKubeConfig } from '../k8s/kubeconfig.js';
import { runOperator } from '../operator/run.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
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
    .option('--nodes <n>', 'number of fake nodes', positiveInt, 6)
    .option('--dir <path>', 'state directory (default ~/.kubenomad/dev)')
    .action(async (opts: { nodes: number; dir?: string }) => {
      await runDev(opts, createLogger());
    });

  program
    .command('operator')
    .description('run the operator against the configured cluster (KUBECONFIG or in-cluster)')
    .action(async () => {
      const log = createLogger();
      const path = program.opts<{ kubeconfig?: string }>().kubeconfig;
      if (!path && !existingClusterConfig()) {
        log.error('No cluster configured (KUBECONFIG, ~/.kube/config or in-cluster). Use `kubenomad dev` for a local one.');
        process.exitCode = 1;
        return;
      }
      const shutdown = new AbortController();
      process.once('SIGINT', () => shutdown.abort());
      process.once('SIGTERM', () => shutdown.abort());
      await runOperator({ kubeconfig: loadKubeConfig(path), log, signal: shutdown.signal });
    });
  return program;
}

/** Entry point. */
export async function main(argv: string[]): Promise<void> {
  await buildCli().parseAsync(argv);
}

main(process.argv).catch((err: unknown) => {
  process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
