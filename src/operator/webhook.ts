/**
 * The admission webhook as the operator runs it. Every replica serves it (not only the leader).
 * In a cluster (Helm chart env): TLS from the chart's Secret, self-generated and its CA patched into the
 * chart's webhook configurations, or mounted from cert-manager. In `kubenomad dev`: fresh TLS and
 * configurations registered by URL on loopback, as envtest does.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logging.js';
import {
  caBundle, generateWebhookTls, injectCaBundle, loadOrCreateServingTls, registerWebhooks, startWebhookServer,
  unregisterWebhooks, webhookConfigurations, webhookDeps, type WebhookServer,
} from '../webhook/index.js';
import { workerTranslator } from '../webhook/translate-worker.js';

/** A running webhook, with its cleanup. */
export interface RunningWebhook {
  port: number;
  stop(): Promise<void>;
}

/** Starts the webhook the Helm chart configures through KUBENOMAD_WEBHOOK_* (none when KUBENOMAD_WEBHOOK_PORT is unset). */
export async function startClusterWebhook(kc: KubeConfig, log: Logger, env: NodeJS.ProcessEnv = process.env): Promise<RunningWebhook | undefined> {
  if (!env.KUBENOMAD_WEBHOOK_PORT) return undefined;
  const [service = 'kubenomad', namespace = env.POD_NAMESPACE ?? 'default'] = (env.KUBENOMAD_WEBHOOK_SERVICE ?? '').split('.');
  const configuration = env.KUBENOMAD_WEBHOOK_CONFIGURATION ?? 'kubenomad';
  let cert: string;
  let key: string;
  if (env.KUBENOMAD_WEBHOOK_SELF_MANAGED_TLS !== 'false') {
    const tls = await loadOrCreateServingTls(kc, { service, namespace, secretName: env.KUBENOMAD_WEBHOOK_TLS_SECRET, ownerConfiguration: configuration });
    await injectCaBundle(kc, caBundle(tls.caCert), configuration);
    ({ cert, key } = tls);
  } else {
    const dir = env.KUBENOMAD_WEBHOOK_CERT_DIR ?? '/etc/kubenomad/webhook-tls';
    cert = readFileSync(join(dir, 'tls.crt'), 'utf8');
    key = readFileSync(join(dir, 'tls.key'), 'utf8');
  }
  const translator = workerTranslator();
  const deps = { ...webhookDeps(kc), translate: translator.translate };
  const server = await startWebhookServer({ cert, key, port: Number(env.KUBENOMAD_WEBHOOK_PORT), deps, onError: (m) => log.warn(m) });
  log.info({ port: server.port, configuration }, 'serving admission webhooks');
  return { port: server.port, stop: async () => { await server.close(); await translator.close(); } };
}

/** Starts the webhook on loopback and registers it by URL (for the local dev cluster). */
export async function startLocalWebhook(kc: KubeConfig, log: Logger): Promise<RunningWebhook> {
  const tls = await generateWebhookTls('kubenomad', 'kubenomad-system');
  const translator = workerTranslator();
  const deps = { ...webhookDeps(kc), translate: translator.translate };
  const server: WebhookServer = await startWebhookServer({ cert: tls.cert, key: tls.key, host: '127.0.0.1', port: 0, deps, onError: (m) => log.warn(m) });
  await registerWebhooks(kc, webhookConfigurations({ caBundle: caBundle(tls.caCert), url: `https://127.0.0.1:${server.port}` }));
  log.info({ port: server.port }, 'serving admission webhooks on loopback');
  return {
    port: server.port,
    async stop() {
      await unregisterWebhooks(kc, 'kubenomad').catch(() => undefined);
      await server.close();
      await translator.close();
    },
  };
}
