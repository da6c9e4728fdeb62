/** Registration of the webhook with the apiserver: apply, patch caBundle, remove. */
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { applyWebhookConfigurations, deleteWebhookConfigurations, patchCaBundle } from '../k8s/webhook-config.js';
import { WEBHOOK_CONFIGURATION_NAME, type WebhookConfiguration } from './configurations.js';

/** Server-side applies the configurations rendered by `webhookConfigurations` (field manager kubenomad-webhook). */
export async function registerWebhooks(kc: KubeConfig, configs: WebhookConfiguration[]): Promise<void> {
  await applyWebhookConfigurations(kc, configs as unknown as KubernetesObject[]);
}

/** Deletes both configurations of that name (tests call it in afterAll). */
export async function unregisterWebhooks(kc: KubeConfig, name = WEBHOOK_CONFIGURATION_NAME): Promise<void> {
  await deleteWebhookConfigurations(kc, name);
}

/** Patches caBundle into configurations installed by someone else (the Helm chart). */
export async function injectCaBundle(kc: KubeConfig, caBundle: string, name = WEBHOOK_CONFIGURATION_NAME): Promise<void> {
  await patchCaBundle(kc, name, caBundle);
}
