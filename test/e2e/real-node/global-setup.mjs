// The real-node suite's setup: says in one line why this machine cannot run a real node (the suite then skips),
// or installs what the real node needs (Debian packages, kubelet and kube-proxy, the images including the
// operator's, built from the Dockerfile) and hands it to the tests in KUBENOMAD_REAL_NODE_INSTALL. Each test
// file starts its own control plane and real node (one at a time: the node owns a bridge and a pod CIDR).
// Plain ESM importing the built dist/ (jest loads global setup outside its ESM transform): `npm run build` first.
import { installRealNode, realNodeUnavailable } from '../../../dist/local-cluster/real-node/install.js';

export default async function globalSetup() {
  const reason = realNodeUnavailable();
  if (reason) {
    process.env.KUBENOMAD_REAL_NODE_SKIP = reason;
    process.stderr.write(`\n[real-node] the real-node suite is skipped: ${reason}\n`);
    return;
  }
  const started = Date.now();
  const install = installRealNode(true, (line) => process.stderr.write(`[real-node] ${line}\n`));
  process.env.KUBENOMAD_REAL_NODE_INSTALL = JSON.stringify(install);
  process.stderr.write(`[real-node] prerequisites ready in ${Math.round((Date.now() - started) / 1000)} s\n`);
}
