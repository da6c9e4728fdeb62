/** The Kubernetes side of the admission webhook: registering its configurations, patching caBundle, reading parent jobs, the serving Secret. */
import { CoreV1Api, CustomObjectsApi, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import type { NomadJob } from '../crds/nomadjob-types.js';
import { GROUP, VERSION } from './api.js';
import { applyObjects, toApiError } from './objects.js';
import { rawRequest } from './raw.js';

/** Field manager of the webhook registration. */
export const WEBHOOK_FIELD_MANAGER = 'kubenomad-webhook';

const ADMISSION = '/apis/admissionregistration.k8s.io/v1';
const PLURAL = { MutatingWebhookConfiguration: 'mutatingwebhookconfigurations', ValidatingWebhookConfiguration: 'validatingwebhookconfigurations' } as const;

/** Server-side applies webhook configurations as written (raw, so no field is dropped). */
export async function applyWebhookConfigurations(kc: KubeConfig, configs: KubernetesObject[]): Promise<void> {
  await applyObjects(kc, configs, WEBHOOK_FIELD_MANAGER);
}

/** Deletes the mutating and validating configurations of that name (missing ones are fine). */
export async function deleteWebhookConfigurations(kc: KubeConfig, name: string): Promise<void> {
  for (const plural of Object.values(PLURAL)) {
    const r = await rawRequest(kc, 'DELETE', `${ADMISSION}/${plural}/${encodeURIComponent(name)}`);
    if (r.status >= 300 && r.status !== 404) throw new Error(`Cannot delete ${plural}/${name}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
  }
}

/** Sets `clientConfig.caBundle` on every webhook of both configurations of that name (e.g. rendered by Helm). */
export async function patchCaBundle(kc: KubeConfig, name: string, caBundle: string): Promise<void> {
  for (const plural of Object.values(PLURAL)) {
    const path = `${ADMISSION}/${plural}/${encodeURIComponent(name)}`;
    const got = await rawRequest(kc, 'GET', path);
    if (got.status === 404) continue;
    if (got.status >= 300) throw new Error(`Cannot read ${plural}/${name}: HTTP ${got.status}`);
    const hooks = (JSON.parse(got.body) as { webhooks?: unknown[] }).webhooks ?? [];
    const patch = hooks.map((_, i) => ({ op: 'add', path: `/webhooks/${i}/clientConfig/caBundle`, value: caBundle }));
    if (patch.length === 0) continue;
    const r = await rawRequest(kc, 'PATCH', path, patch, 'application/json-patch+json');
    if (r.status >= 300) throw new Error(`Cannot patch caBundle of ${plural}/${name}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
  }
}

/** An owner reference to a cluster-scoped object (namespaced dependents may name cluster-scoped owners). */
export interface ClusterOwner {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
}

/**
 * The ValidatingWebhookConfiguration of that name as an owner (undefined when absent), so objects the operator creates
 * for it (the serving Secret) are garbage-collected with it, e.g. on `helm uninstall`.
 */
export async function webhookConfigurationOwner(kc: KubeConfig, name: string): Promise<ClusterOwner | undefined> {
  const r = await rawRequest(kc, 'GET', `${ADMISSION}/${PLURAL.ValidatingWebhookConfiguration}/${encodeURIComponent(name)}`);
  if (r.status === 404) return undefined;
  if (r.status >= 300) throw new Error(`Cannot read validatingwebhookconfigurations/${name}: HTTP ${r.status}`);
  const uid = (JSON.parse(r.body) as { metadata?: { uid?: string } }).metadata?.uid;
  return uid ? { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', name, uid } : undefined;
}

/** A reader of NomadJobs: undefined when not found, rejects on other errors. */
export function nomadJobReader(kc: KubeConfig): (namespace: string, name: string) => Promise<NomadJob | undefined> {
  const custom = kc.makeApiClient(CustomObjectsApi);
  return async (namespace, name) => {
    try {
      return (await custom.getNamespacedCustomObject({ group: GROUP, version: VERSION, plural: 'nomadjobs', namespace, name })) as NomadJob;
    } catch (err) {
      const e = toApiError(err);
      if (e.code === 404) return undefined;
      throw new Error(`${e.message} (HTTP ${e.code})`, { cause: err });
    }
  };
}

/** PEM material of the webhook's TLS Secret. */
export interface ServingMaterial {
  caCert: string;
  cert: string;
  key: string;
}

function decodeSecret(data: Record<string, string> | undefined): ServingMaterial | undefined {
  const get = (k: string): string | undefined => (data?.[k] ? Buffer.from(data[k], 'base64').toString('utf8') : undefined);
  const caCert = get('ca.crt');
  const cert = get('tls.crt');
  const key = get('tls.key');
  return caCert && cert && key ? { caCert, cert, key } : undefined;
}

/**
 * Reads the serving Secret, or creates it from `generate()` when absent (first writer wins on a race). With an
 * `owner`, a created Secret names it, so it goes when the owner goes.
 */
export async function ensureServingSecret(
  kc: KubeConfig, namespace: string, name: string, generate: () => Promise<ServingMaterial>, owner?: ClusterOwner,
): Promise<ServingMaterial> {
  const core = kc.makeApiClient(CoreV1Api);
  const read = async (): Promise<ServingMaterial | undefined> => decodeSecret((await core.readNamespacedSecret({ namespace, name })).data);
  try {
    const existing = await read();
    if (existing) return existing;
  } catch (err) {
    if (toApiError(err).code !== 404) throw err;
  }
  const fresh = await generate();
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  try {
    await core.createNamespacedSecret({
      namespace,
      body: { metadata: { name, namespace, ...(owner ? { ownerReferences: [owner] } : {}) }, type: 'kubernetes.io/tls', data: { 'ca.crt': b64(fresh.caCert), 'tls.crt': b64(fresh.cert), 'tls.key': b64(fresh.key) } },
    });
    return fresh;
  } catch (err) {
    if (toApiError(err).code !== 409) throw err;
    const winner = await read();
    if (!winner) throw new Error(`Secret ${namespace}/${name} exists without ca.crt, tls.crt and tls.key`, { cause: err });
    return winner;
  }
}
