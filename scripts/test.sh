#!/usr/bin/env bash
# The README's test command (`npm test`): installs what it needs, then runs every check and test.
#   1. npm dependencies (npm install when node_modules is missing or older than the lockfile)
#   2. the real control plane binaries (built once from the Go module proxy, cached in ~/.cache/kubenomad)
#   3. typecheck, lint, build
#   4. unit tests (pure logic), then e2e tests against a real kube-apiserver + etcd + kube-controller-manager + kwok
#   5. real-node e2e tests: kubelet + containerd on this machine, the Helm chart with the operator image
#      (scripts/real-node.sh installs what they need; they skip with a one-line reason where the kernel or
#      privileges do not allow a real node)
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "==> installing npm dependencies"
  # npm install, not npm ci: with this machine's omit-lockfile-registry-resolved setting npm 11 leaves other
  # platforms' optional packages out of the lock and `npm ci` then refuses it; install still follows the lock.
  npm install --no-audit --no-fund
fi
echo "==> control plane binaries"
bash scripts/build-control-plane.sh >/dev/null
echo "==> typecheck"
npm run --silent typecheck
echo "==> lint"
npm run --silent lint
echo "==> build"
npm run --silent build

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
export NODE_OPTIONS="--experimental-vm-modules --no-warnings"
status=0
echo "==> unit tests"
npx jest --selectProjects unit --json --outputFile="$results/unit.json" || status=1
echo "==> e2e tests (real control plane)"
npx jest --selectProjects e2e --runInBand --json --outputFile="$results/e2e.json" || status=1
echo "==> real-node e2e tests (kubelet + containerd here; the Helm chart)"
npx jest --selectProjects real-node --runInBand --json --outputFile="$results/real-node.json" || status=1

node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const f of process.argv.slice(1)) {
    if (!fs.existsSync(f)) { failed += 1; continue; }
    const r = JSON.parse(fs.readFileSync(f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
    skipped += r.numPendingTests + r.numTodoTests;
  }
  console.log(`\n${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$results/unit.json" "$results/e2e.json" "$results/real-node.json"
exit $status
