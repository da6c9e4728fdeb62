/**
 * The MutatingWebhookConfiguration and ValidatingWebhookConfiguration kubenomad needs, rendered as objects
 * (for registration) or YAML (for the Helm chart, which templates caBundle and the service).
 */
import * as yaml from 'js-yaml';
import { PATHS } from './types.js';

/** Default name of both configurations. */
export const WEBHOOK_CONFIGURATION_NAME = 'kubenomad';

/** Where the apiserver reaches the webhook: a URL (outside the cluster, tests) or a Service. */
export interface WebhookTarget {
  /** Base URL, e.g. https://127.0.0.1:9443 (the paths are appended). */
  url?: string;
  service?: { name: string; namespace: string; port?: number };
}

/** Options of `webhookConfigurations`. */
export interface WebhookConfigurationOptions extends WebhookTarget {
  /** Base64 PEM of the CA that signed the serving certificate. */
  caBundle: string;
  /** Name of both configurations (default `kubenomad`). */
  name?: string;
  /** Restricts the webhooks to namespaces with these labels. */
  namespaceSelector?: { matchLabels: Record<string, string> };
}

/** A rendered admissionregistration.k8s.io/v1 configuration (kept loose: it is sent as raw JSON). */
export interface WebhookConfiguration {
  apiVersion: 'admissionregistration.k8s.io/v1';
  kind: 'MutatingWebhookConfiguration' | 'ValidatingWebhookConfiguration';
  metadata: { name: string; labels: Record<string, string> };
  webhooks: Array<Record<string, unknown>>;
}

function clientConfig(o: WebhookConfigurationOptions, path: string): Record<string, unknown> {
  if (o.url) return { url: `${o.url.replace(/\/$/, '')}${path}`, caBundle: o.caBundle };
  if (!o.service) throw new Error('webhookConfigurations needs a url or a service');
  return { service: { name: o.service.name, namespace: o.service.namespace, port: o.service.port ?? 443, path }, caBundle: o.caBundle };
}

function webhook(o: WebhookConfigurationOptions, name: string, path: string, resource: string, operations: string[]): Record<string, unknown> {
  const hook: Record<string, unknown> = {
    name,
    clientConfig: clientConfig(o, path),
    rules: [{ apiGroups: ['kubenomad.io'], apiVersions: ['v1alpha1'], resources: [resource], operations, scope: 'Namespaced' }],
    sideEffects: 'None',
    admissionReviewVersions: ['v1'],
    failurePolicy: 'Fail',
    timeoutSeconds: 10,
    matchPolicy: 'Equivalent',
  };
  if (o.namespaceSelector) hook.namespaceSelector = o.namespaceSelector;
  return hook;
}

/** Renders the mutating (nomadjobs) and validating (nomadjobs, dispatches) configurations. */
export function webhookConfigurations(o: WebhookConfigurationOptions): [WebhookConfiguration, WebhookConfiguration] {
  const metadata = { name: o.name ?? WEBHOOK_CONFIGURATION_NAME, labels: { 'app.kubernetes.io/name': 'kubenomad' } };
  const mutating: WebhookConfiguration = {
    apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata,
    webhooks: [{ ...webhook(o, 'mutate-nomadjob.kubenomad.io', PATHS.mutateNomadJob, 'nomadjobs', ['CREATE', 'UPDATE']), reinvocationPolicy: 'Never' }],
  };
  const validating: WebhookConfiguration = {
    apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { ...metadata },
    webhooks: [
      webhook(o, 'validate-nomadjob.kubenomad.io', PATHS.validateNomadJob, 'nomadjobs', ['CREATE', 'UPDATE']),
      webhook(o, 'validate-dispatch.kubenomad.io', PATHS.validateDispatch, 'dispatches', ['CREATE']),
    ],
  };
  return [mutating, validating];
}

/** The same configurations as a multi-document YAML stream (for deploy/helm). */
export function webhookConfigurationsYaml(o: WebhookConfigurationOptions): string {
  return webhookConfigurations(o).map((c) => `---\n${yaml.dump(c, { lineWidth: 120, noRefs: true })}`).join('');
}
