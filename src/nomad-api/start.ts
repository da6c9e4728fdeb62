/** Starting the Nomad API as the operator does: from its config, with the operator's scheduler settings and metrics. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import type { SchedulerSettings } from '../controllers/nomadjob/schedule.js';
import type { NomadApiConfig } from './config.js';
import { startNomadApiServer, type NomadApiServer } from './server.js';

/** What the operator hands over. */
export interface OperatorApiInput {
  kubeconfig: KubeConfig;
  config: NomadApiConfig;
  scheduler: SchedulerSettings;
  metrics?: () => Promise<string>;
  onError?: (message: string) => void;
  host?: string;
}

/** Starts the API (undefined when its port is -1). */
export async function startOperatorNomadApi(input: OperatorApiInput): Promise<NomadApiServer | undefined> {
  const { config } = input;
  if (config.port < 0) return undefined;
  const tls = config.tlsCertDir
    ? { cert: readFileSync(join(config.tlsCertDir, 'tls.crt'), 'utf8'), key: readFileSync(join(config.tlsCertDir, 'tls.key'), 'utf8') }
    : undefined;
  const settings = {
    ns: { defaultNamespace: config.defaultNamespace }, scheduler: input.scheduler, region: config.region,
    advertise: config.advertise ?? `${process.env.POD_IP ?? '127.0.0.1'}:${config.port}`, operatorWaitMs: 30_000, metrics: input.metrics,
  };
  return startNomadApiServer({ kubeconfig: input.kubeconfig, settings, port: config.port, host: input.host, anonymous: config.anonymous, maxBodyBytes: config.maxBodyBytes, tls, onError: input.onError });
}
