/** The webhook's TLS: a self-generated CA and a serving certificate for the Service names, localhost and 127.0.0.1. */
import { generateCa, issueServingCert } from '../local-cluster/pki.js';

/** PEM CA certificate, serving certificate and key. */
export interface WebhookTls {
  caCert: string;
  cert: string;
  key: string;
}

/** DNS names of a Service: `<svc>.<ns>.svc`, `<svc>.<ns>.svc.cluster.local`, plus localhost. */
export function serviceDnsNames(service: string, namespace: string): string[] {
  return [`${service}.${namespace}.svc`, `${service}.${namespace}.svc.cluster.local`, `${service}.${namespace}`, service, 'localhost'];
}

/** Generates a fresh CA and a serving certificate for the service (and localhost, 127.0.0.1). */
export async function generateWebhookTls(service = 'kubenomad-webhook', namespace = 'kubenomad'): Promise<WebhookTls> {
  const ca = await generateCa('kubenomad-webhook-ca');
  const leaf = await issueServingCert(ca, serviceDnsNames(service, namespace), ['127.0.0.1']);
  return { caCert: ca.cert, cert: leaf.cert, key: leaf.key };
}

/** The caBundle field value: base64 of the PEM CA certificate. */
export function caBundle(caCert: string): string {
  return Buffer.from(caCert).toString('base64');
}
