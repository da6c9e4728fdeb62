/**
 * The operator's own admission webhook, served by the operator process on loopback (KUBENOMAD_WEBHOOK_PORT with
 * mounted TLS) and registered by URL for the namespaces carrying one label, as the dev command and the webhook e2e
 * test do. Taking the label off a namespace turns the webhook off for it, so a hostile job can reach the controller
 * unchecked, as one written before the webhook was installed (or while it was down) would.
 */
import { CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../local-cluster/readiness.js';
import { caBundle, generateWebhookTls, registerWebhooks, webhookConfigurations, type WebhookTls } from '../webhook/index.js';
import { apiRequest, nomadJobsPath, statusMessage } from './api-request.js';

/** Serving material written where KUBENOMAD_WEBHOOK_CERT_DIR points. */
export interface LoopbackTls {
  tls: WebhookTls;
  certDir: string;
}

/** Fresh TLS for the operator's webhook (SAN localhost and 127.0.0.1), written as tls.crt and tls.key. */
export async function loopbackTls(): Promise<LoopbackTls> {
  const tls = await generateWebhookTls('kubenomad-hostile', 'kubenomad');
  const certDir = mkdtempSync(join(tmpdir(), 'kubenomad-webhook-tls-'));
  writeFileSync(join(certDir, 'tls.crt'), tls.cert);
  writeFileSync(join(certDir, 'tls.key'), tls.key, { mode: 0o600 });
  return { tls, certDir };
}

/** The operator's environment to serve the webhook on a free port with that TLS (no Secret, no caBundle patching). */
export function webhookEnv(t: LoopbackTls): Record<string, string> {
  return { KUBENOMAD_WEBHOOK_PORT: '0', KUBENOMAD_WEBHOOK_SELF_MANAGED_TLS: 'false', KUBENOMAD_WEBHOOK_CERT_DIR: t.certDir };
}

/** Registers both configurations by URL (https://127.0.0.1:port), for namespaces labelled `label=true`. */
export async function registerLoopbackWebhook(kc: KubeConfig, o: { name: string; port: number; tls: WebhookTls; label: string }): Promise<void> {
  await registerWebhooks(kc, webhookConfigurations({
    caBundle: caBundle(o.tls.caCert), url: `https://127.0.0.1:${o.port}`, name: o.name, namespaceSelector: { matchLabels: { [o.label]: 'true' } },
  }));
}

/** A NomadJob only the validating webhook rejects (its driver is unsupported). */
function webhookProbeJob(namespace: string): object {
  return {
    apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'webhook-probe', namespace },
    spec: { groups: [{ name: 'g', tasks: [{ name: 't', driver: 'java', config: {} }] }] },
  };
}

/**
 * Whether the apiserver calls the webhook for this namespace now, by a server-side dry run only the webhook would
 * refuse: 'on', 'off', or what else was answered (e.g. the webhook not reachable yet).
 */
export async function webhookState(kc: KubeConfig, namespace: string): Promise<'on' | 'off' | string> {
  const r = await apiRequest(kc, 'POST', `${nomadJobsPath(namespace)}?dryRun=All`, webhookProbeJob(namespace));
  if (r.status === 201 || r.status === 200) return 'off';
  if (statusMessage(r).includes('uses driver "java"')) return 'on';
  return `${r.status} ${r.body.slice(0, 300)}`;
}

/** Sets or removes the namespace label the webhook selects, and waits until the apiserver acts on it. */
export async function setWebhookEnabled(kc: KubeConfig, namespace: string, label: string, enabled: boolean, timeoutMs = 60_000): Promise<void> {
  const body = { metadata: { labels: { [label]: enabled ? 'true' : null } } };
  await kc.makeApiClient(CoreV1Api).patchNamespace({ name: namespace, body }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
  const want = enabled ? 'on' : 'off';
  await waitFor(`the webhook ${want} for ${namespace}`, async () => {
    const state = await webhookState(kc, namespace);
    return state === want || state;
  }, timeoutMs, 250);
}
