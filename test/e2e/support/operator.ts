/** Runs kubenomad's controllers inside an e2e test process, scoped to the test's namespace. */
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { startNomadJobController, type RunningController } from '../../../src/controllers/nomadjob/controller.js';
import type { SchedulerSettings } from '../../../src/controllers/nomadjob/reconciler.js';
import { waitFor } from '../../../src/local-cluster/readiness.js';
import { defaultOperatorConfig } from '../../../src/operator/run.js';
import { kubeConfig } from './cluster.js';

/** The reconcile-duration histogram: its count is the number of reconciles that finished (errors included). */
const RECONCILE_METRIC = 'kubenomad_reconcile_duration_seconds';

/** A controller started by a test, with a view of how many reconciles it has finished. */
export interface TestController extends RunningController {
  /** Reconciles finished so far, of any NomadJob of the controller's namespace. */
  reconciles(): Promise<number>;
}

async function reconcileCount(registry: Registry): Promise<number> {
  const metric = registry.getSingleMetric(RECONCILE_METRIC);
  if (!metric) throw new Error(`The controller no longer registers ${RECONCILE_METRIC}; tests count reconciles with it`);
  const { values } = (await metric.get()) as { values: Array<{ metricName?: string; value: number }> };
  return values.filter((v) => v.metricName === `${RECONCILE_METRIC}_count`).reduce((n, v) => n + v.value, 0);
}

/** Starts the NomadJob controller against the suite's cluster, reconciling only `namespace`. */
export async function startTestController(namespace: string, overrides: Partial<SchedulerSettings> = {}): Promise<TestController> {
  const log = pino({ level: process.env.KUBENOMAD_E2E_LOG ?? 'silent' });
  const registry = new Registry();
  // The operator's own defaults (what `kubenomad operator` and `kubenomad plan` use when no flag is given).
  const settings = { ...defaultOperatorConfig({}).scheduler, ...overrides };
  const running = await startNomadJobController({ kc: kubeConfig(), log, registry, settings, namespace, concurrency: 4 });
  return { stop: () => running.stop(), reconciles: () => reconcileCount(registry) };
}

/**
 * Triggers `times` more reconciles, one after the other: each `poke` (e.g. touching a label on the job) must be
 * followed by a finished reconcile before the next. Use it to show that a settled state stays settled.
 */
export async function reconcileAgain(controller: TestController, poke: (i: number) => Promise<void>, times = 3): Promise<void> {
  for (let i = 0; i < times; i++) {
    const before = await controller.reconciles();
    await poke(i);
    await waitFor(`a reconcile after poke ${i + 1}`, async () => (await controller.reconciles()) > before || `${before} reconciles`, 60_000, 100);
  }
}
