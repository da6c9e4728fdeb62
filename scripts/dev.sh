#!/usr/bin/env bash
# The README's start command (`npm run dev`): installs what it needs, builds, and runs `kubenomad dev`
# (a local control plane with fake nodes, the CRDs, and the operator in the foreground).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  # npm install, not npm ci: with this machine's omit-lockfile-registry-resolved setting npm 11 leaves other
  # platforms' optional packages out of the lock and `npm ci` then refuses it; install still follows the lock.
  npm install --no-audit --no-fund
fi
bash scripts/build-control-plane.sh >/dev/null
npm run --silent build
exec node bin/kubenomad.js dev "$@"
