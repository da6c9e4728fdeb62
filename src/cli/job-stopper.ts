/** The cluster writes of `job stop` over a KubeConfig (merge patch of spec.stop, or delete). */
import type { KubeConfig } from '@kubernetes/client-node';
import { rawRequest } from '../k8s/raw.js';
import { nomadJobReader } from '../k8s/webhook-config.js';
import type { JobStopper } from './job-manage.js';

const path = (ns: string, name: string): string => `/apis/kubenomad.io/v1alpha1/namespaces/${encodeURIComponent(ns)}/nomadjobs/${encodeURIComponent(name)}`;

async function send(kc: KubeConfig, method: string, ns: string, name: string, body?: unknown): Promise<void> {
  const r = await rawRequest(kc, method, path(ns, name), body, 'application/merge-patch+json');
  if (r.status >= 300 && r.status !== 404) {
    const status = JSON.parse(r.body || '{}') as { message?: string };
    throw new Error(`${status.message ?? r.body} (HTTP ${r.status})`);
  }
}

/** `job stop` against the cluster. */
export function kubeJobStopper(kc: KubeConfig): JobStopper {
  return {
    read: nomadJobReader(kc),
    stop: (ns, name) => send(kc, 'PATCH', ns, name, { spec: { stop: true } }),
    purge: (ns, name) => send(kc, 'DELETE', ns, name),
  };
}
