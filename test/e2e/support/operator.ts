/** Runs kubenomad's controllers inside an e2e test process, scoped to the test's namespace. */
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { startNomadJobController, type RunningController } from '../../../src/controllers/nomadjob/controller.js';
import { kubeConfig } from './cluster.js';

/** Starts the NomadJob controller against the suite's cluster, reconciling only `namespace`. */
export function startTestController(namespace: string): Promise<RunningController> {
  const log = pino({ level: process.env.KUBENOMAD_E2E_LOG ?? 'silent' });
  return startNomadJobController({ kc: kubeConfig(), log, registry: new Registry(), settings: { algorithm: 'binpack' }, namespace, concurrency: 4 });
}
