// Starts one real control plane (etcd + kube-apiserver + kube-controller-manager + kwok) for the e2e suite,
// installs the CRDs, and hands the kubeconfig to the tests through KUBENOMAD_E2E_KUBECONFIG.
// Plain ESM importing the built dist/ (jest loads global setup outside its ESM transform): `npm run build` first.
import { startLocalCluster } from '../../dist/local-cluster/local-cluster.js';
import { installCrds } from '../../dist/local-cluster/bootstrap.js';
import { loadKubeConfig } from '../../dist/k8s/kubeconfig.js';

export default async function globalSetup() {
  const cluster = await startLocalCluster({ log: (line) => process.stderr.write(`[e2e] ${line}\n`), startTimeoutMs: 120_000 });
  globalThis.__KUBENOMAD_E2E_CLUSTER__ = cluster;
  process.env.KUBENOMAD_E2E_KUBECONFIG = cluster.kubeconfigPath;
  process.env.KUBENOMAD_E2E_KUBECTL = cluster.assets.kubectl;
  process.env.KUBENOMAD_E2E_DIR = cluster.dir;
  try {
    await installCrds(loadKubeConfig(cluster.kubeconfigPath));
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}
