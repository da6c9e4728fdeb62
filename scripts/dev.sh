#!/usr/bin/env bash
# The README's start command (`npm run dev`): installs what it needs, builds, and runs `kubenomad dev`
# (a local control plane with fake nodes, the CRDs, and the operator in the foreground).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
bash scripts/build-control-plane.sh >/dev/null
npm run --silent build
exec node bin/kubenomad.js dev "$@"
