/** Wiring helpers for the operator: real dependencies over a KubeConfig, and TLS from a Secret or fresh. */
import type { KubeConfig } from '@kubernetes/client-node';
import { ensureServingSecret, nomadJobReader, webhookConfigurationOwner } from '../k8s/webhook-config.js';
import type { AdmissionDeps } from './review.js';
import { jobLimitsFromEnv } from '../controllers/nomadjob/job-limits.js';
import { generateWebhookTls, type WebhookTls } from './tls.js';

/** The handlers' dependencies over a real cluster. */
export function webhookDeps(kc: KubeConfig): AdmissionDeps {
  return { readNomadJob: nomadJobReader(kc), limits: jobLimitsFromEnv() };
}

/** Options of `loadOrCreateServingTls`. */
export interface ServingTlsOptions {
  service: string;
  namespace: string;
  /** Keep the material in this Secret (in-cluster); fresh material every start otherwise. */
  secretName?: string;
  /** The webhook configuration that owns a created Secret (it is garbage-collected with it, e.g. on helm uninstall). */
  ownerConfiguration?: string;
}

/** TLS material for the webhook: from (or stored into) a Secret when `secretName` is set, else freshly generated. */
export async function loadOrCreateServingTls(kc: KubeConfig, o: ServingTlsOptions): Promise<WebhookTls> {
  const generate = (): Promise<WebhookTls> => generateWebhookTls(o.service, o.namespace);
  if (!o.secretName) return generate();
  const owner = o.ownerConfiguration ? await webhookConfigurationOwner(kc, o.ownerConfiguration) : undefined;
  const m = await ensureServingSecret(kc, o.namespace, o.secretName, async () => {
    const t = await generate();
    return { caCert: t.caCert, cert: t.cert, key: t.key };
  }, owner);
  return m;
}
