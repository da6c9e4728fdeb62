/**
 * `npm run bench:hostile`: the hostile inputs (a) backtracking regexp constraint, (b) HCL regex(), (c) count 100000,
 * (d) 64 × 100000 with the webhook off, and (e) a jobspec just under the HCL size bound, each against a fresh
 * `kubenomad operator` process on a local control plane,
 * with its webhook on loopback. Prints, per case, the worst event-loop delay from the operator's /metrics, the
 * slowest /healthz and admission review, the operator's peak RSS (VmHWM) and the outcome.
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { unregisterWebhooks } from '../webhook/index.js';
import { waitFor } from '../local-cluster/readiness.js';
import { WORLD, startWorld, type World } from './cluster.js';
import { startOperatorProcess, type OperatorProcess } from './operator-process.js';
import { machineLine, resultTable } from './report.js';
import { CASES, runCase, type CaseResult } from './run-case.js';
import { loopbackTls, registerLoopbackWebhook, setWebhookEnabled, webhookEnv, type LoopbackTls } from './webhook.js';

const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** Starts an operator for the bench's namespace and points the webhook configuration at its port. */
async function freshOperator(world: World, tls: LoopbackTls, name: string): Promise<OperatorProcess> {
  const operator = startOperatorProcess({
    name, kubeconfig: world.cluster.kubeconfigPath,
    env: { KUBENOMAD_NAMESPACE: WORLD.namespace, KUBENOMAD_METRICS_PORT: '0', ...webhookEnv(tls) },
  });
  await waitFor('the operator to serve and run its controllers', async () => {
    if (operator.exit()) throw new Error(`The operator exited: ${operator.log.slice(-20).join('\n')}`);
    return (operator.metricsPort() !== undefined && operator.webhookPort() !== undefined && operator.logged('operator running')) || false;
  }, 60_000, 250);
  await registerLoopbackWebhook(world.kc, { name: WORLD.webhookConfiguration, port: operator.webhookPort()!, tls: tls.tls, label: WORLD.webhookLabel });
  await setWebhookEnabled(world.kc, WORLD.namespace, WORLD.webhookLabel, true);
  return operator;
}

async function runAll(world: World, tls: LoopbackTls): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of CASES) {
    const operator = await freshOperator(world, tls, `bench-hostile-${c.id}`);
    try {
      log(`case (${c.id}) ${c.title} …`);
      results.push(await runCase(world.kc, operator, tls.tls.caCert, c));
    } finally {
      await operator.kill();
    }
  }
  return results;
}

async function main(): Promise<void> {
  const load = loadavg()[0] ?? 0;
  log('Starting a local control plane for the hostile-input bench …');
  const world = await startWorld(log);
  const tls = await loopbackTls();
  try {
    const results = await runAll(world, tls);
    process.stdout.write(`\nHostile inputs (${machineLine(load)}):\n\n${resultTable(results)}\n`);
  } finally {
    await unregisterWebhooks(world.kc, WORLD.webhookConfiguration).catch(() => undefined);
    await world.cluster.stop();
    rmSync(tls.certDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:hostile failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
