/** The kubenomad admission webhook: HCL → structured NomadJob mutation, NomadJob and Dispatch validation. See README.md. */
export { handleAdmissionReview, type AdmissionDeps } from './review.js';
export { startWebhookServer, MAX_BODY_BYTES, type WebhookServer, type WebhookServerOptions } from './server.js';
export { webhookConfigurations, webhookConfigurationsYaml, WEBHOOK_CONFIGURATION_NAME } from './configurations.js';
export type { WebhookConfiguration, WebhookConfigurationOptions, WebhookTarget } from './configurations.js';
export { registerWebhooks, unregisterWebhooks, injectCaBundle } from './register.js';
export { generateWebhookTls, caBundle, serviceDnsNames, type WebhookTls } from './tls.js';
export { webhookDeps, loadOrCreateServingTls } from './wiring.js';
export { HCL_SOURCE_ANNOTATION, PATHS } from './types.js';
export type * from './types.js';
