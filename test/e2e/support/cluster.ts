/** What e2e tests use to reach the suite's control plane: a client config, kubectl, namespaces, fake nodes. */
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { spawnSync } from 'node:child_process';
import { loadKubeConfig } from '../../../src/k8s/kubeconfig.js';
import { toApiError } from '../../../src/k8s/objects.js';
import { ensureNamespace } from '../../../src/local-cluster/bootstrap.js';

/** The suite's kubeconfig path. */
export function kubeconfigPath(): string {
  const path = process.env.KUBENOMAD_E2E_KUBECONFIG;
  if (!path) throw new Error('KUBENOMAD_E2E_KUBECONFIG is not set: run e2e tests through jest --selectProjects e2e');
  return path;
}

/** A client config for the suite's cluster. */
export function kubeConfig(): KubeConfig {
  return loadKubeConfig(kubeconfigPath());
}

/** Runs the real kubectl against the suite's cluster. */
export function kubectl(args: string[], input?: string): { status: number; stdout: string; stderr: string } {
  const bin = process.env.KUBENOMAD_E2E_KUBECTL ?? 'kubectl';
  const r = spawnSync(bin, ['--kubeconfig', kubeconfigPath(), ...args], { input, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Creates a namespace for one test file and waits until its default service account exists. */
export function createNamespace(kc: KubeConfig, name: string): Promise<string> {
  return ensureNamespace(kc, name, 30_000);
}

/** Deletes a namespace (the controller manager finalises it in the background). */
export async function deleteNamespace(kc: KubeConfig, name: string): Promise<void> {
  try {
    await kc.makeApiClient(CoreV1Api).deleteNamespace({ name });
  } catch (err) {
    if (toApiError(err).code !== 404) throw err;
  }
}
