/**
 * Starts one real control plane (etcd + kube-apiserver + kube-controller-manager + kwok) for the e2e suite,
 * installs the CRDs, and hands the kubeconfig to the tests through KUBENOMAD_E2E_KUBECONFIG.
 */
import { startLocalCluster, type LocalCluster } from '../../src/local-cluster/local-cluster.js';
import { installCrds } from '../../src/local-cluster/bootstrap.js';
import { loadKubeConfig } from '../../src/k8s/kubeconfig.js';

declare global {
  var __KUBENOMAD_E2E_CLUSTER__: LocalCluster | undefined;
}

export default async function globalSetup(): Promise<void> {
  const cluster = await startLocalCluster({ log: (line) => process.stderr.write(`[e2e] ${line}\n`), startTimeoutMs: 120_000 });
  globalThis.__KUBENOMAD_E2E_CLUSTER__ = cluster;
  process.env.KUBENOMAD_E2E_KUBECONFIG = cluster.kubeconfigPath;
  process.env.KUBENOMAD_E2E_KUBECTL = cluster.assets.kubectl;
  process.env.KUBENOMAD_E2E_DIR = cluster.dir;
  await installCrds(loadKubeConfig(cluster.kubeconfigPath));
}
