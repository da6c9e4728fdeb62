/** Loading and writing kubeconfigs (the only place, with the rest of src/k8s, that touches @kubernetes/client-node). */
import { KubeConfig } from '@kubernetes/client-node';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { pooledKubeConfig } from './pooled-kubeconfig.js';

/** Where a kubeconfig for an existing cluster would come from, if any (KUBECONFIG, ~/.kube/config, in-cluster). */
export function existingClusterConfig(): 'kubeconfig' | 'in-cluster' | undefined {
  const paths = (process.env.KUBECONFIG ?? '').split(':').filter(Boolean);
  if (paths.some((p) => existsSync(p))) return 'kubeconfig';
  if (!process.env.KUBECONFIG && existsSync(join(homedir(), '.kube', 'config'))) return 'kubeconfig';
  if (process.env.KUBERNETES_SERVICE_HOST && existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token')) return 'in-cluster';
  return undefined;
}

/**
 * Loads a kubeconfig from a file, or the default chain (KUBECONFIG, ~/.kube/config, in-cluster), with
 * keep-alive connections (no rate limit, no metrics: the operator adds those, see pooledKubeConfig).
 */
export function loadKubeConfig(path?: string): KubeConfig {
  const kc = new KubeConfig();
  if (path) kc.loadFromFile(path);
  else kc.loadFromDefault();
  return pooledKubeConfig(kc);
}

/** The fields of an admin kubeconfig that authenticates with a client certificate. */
export interface CertKubeconfig {
  server: string;
  caCert: string;
  clientCert: string;
  clientKey: string;
  name?: string;
}

/** Renders a kubeconfig YAML with embedded certificate data. */
export function renderKubeconfig(c: CertKubeconfig): string {
  const name = c.name ?? 'kubenomad';
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  return yaml.dump({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: c.server, 'certificate-authority-data': b64(c.caCert) } }],
    users: [{ name, user: { 'client-certificate-data': b64(c.clientCert), 'client-key-data': b64(c.clientKey) } }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: 'default' } }],
    'current-context': name,
  });
}
