#!/usr/bin/env bash
# Builds the real Kubernetes control plane used by the tests and by `kubenomad dev`
# (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, kwok) from
# the Go module proxy at pinned versions, into a cache outside the repository:
#   ${KUBENOMAD_CACHE:-$HOME/.cache/kubenomad}/control-plane/k8s-<K8S>-etcd-<ETCD>-kwok-<KWOK>/
# A finished cache directory holds a `.complete` marker and is reused as is.
# With --node (or KUBENOMAD_BUILD_NODE=1) it also builds the node binaries of the real node, kubelet and
# kube-proxy, from the same module graph into the same directory (scripts/real-node.sh asks for them).
# Prints the directory on stdout (logs go to stderr).
set -euo pipefail

WITH_NODE="${KUBENOMAD_BUILD_NODE:-0}"
[[ "${1:-}" == "--node" ]] && WITH_NODE=1

K8S_VERSION="${K8S_VERSION:-v1.37.2}"
ETCD_VERSION="${ETCD_VERSION:-v3.7.0}"
KWOK_VERSION="${KWOK_VERSION:-v0.8.0}"
CACHE="${KUBENOMAD_CACHE:-$HOME/.cache/kubenomad}"
OUT="$CACHE/control-plane/k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION"

log() { printf '[build-control-plane] %s\n' "$*" >&2; }

node_ready() { [[ "$WITH_NODE" != 1 || ( -x "$OUT/bin/kubelet" && -x "$OUT/bin/kube-proxy" ) ]]; }
if [[ -f "$OUT/.complete" ]] && node_ready; then
  echo "$OUT"
  exit 0
fi
command -v go >/dev/null || { log "Go is required to build the control plane (https://go.dev/dl)"; exit 1; }
# One build at a time per cache directory: a second run waits for the first, then reuses what it built.
# flock releases the lock when the holder exits, even on a crash (no stale lock); without flock we build unlocked.
mkdir -p "$CACHE/control-plane"
if command -v flock >/dev/null; then
  exec 9>"$OUT.lock"
  if ! flock -n 9; then
    log "another build of $OUT is running; waiting for it"
    flock 9
  fi
  if [[ -f "$OUT/.complete" ]] && node_ready; then
    echo "$OUT"
    exit 0
  fi
else
  log "flock not found: building without a lock (concurrent runs would each build)"
fi
mkdir -p "$OUT/bin" "$CACHE/go-build"
export GOCACHE="${GOCACHE:-$CACHE/go-build}"
export CGO_ENABLED=0 GOFLAGS=-mod=mod
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
staging_version="v0.${K8S_VERSION#v1.}"
staging=(api apiextensions-apiserver apimachinery apiserver cli-runtime client-go cloud-provider
  cluster-bootstrap code-generator component-base component-helpers controller-manager cri-api
  cri-client cri-streaming csi-translation-lib dynamic-resource-allocation endpointslice externaljwt kms
  kube-aggregator kube-controller-manager kube-proxy kube-scheduler kubectl kubelet metrics mount-utils
  pod-security-admission sample-apiserver sample-cli-plugin sample-controller streaming)

# Builds the given k8s.io/kubernetes/cmd/<name> binaries from one wrapper module.
build_kubernetes() {
  local dir="$WORK/k8s" gomod go_line godebug_line cmd
  local cmds=("$@")
  mkdir -p "$dir"
  # Take the go and godebug lines from the release's own go.mod so GODEBUG defaults match it.
  gomod="$(cd "$dir" && go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
  go_line="$(grep -m1 -E '^go [0-9]' "$gomod")"
  godebug_line="$(grep -m1 -E '^godebug ' "$gomod" || true)"
  {
    echo "module kubenomad.invalid/k8sbins"
    echo
    echo "$go_line"
    echo
    echo "$godebug_line"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    echo "replace ("
    for m in "${staging[@]}"; do echo "	k8s.io/$m => k8s.io/$m $staging_version"; done
    echo ")"
  } >"$dir/go.mod"
  {
    printf '//go:build tools\n\npackage tools\n\nimport (\n'
    for cmd in "${cmds[@]}"; do printf '\t_ "k8s.io/kubernetes/cmd/%s"\n' "$cmd"; done
    printf ')\n'
  } >"$dir/tools.go"
  local ldf="-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1"
  ldf+=" -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION"
  ldf+=" -X k8s.io/client-go/pkg/version.gitMajor=1 -X k8s.io/client-go/pkg/version.gitMinor=$minor"
  ldf+=" -X k8s.io/component-base/version.gitTreeState=clean"
  log "resolving k8s.io/kubernetes $K8S_VERSION modules"
  (cd "$dir" && go mod tidy -e >&2)
  log "building ${cmds[*]} (first time: 10-25 min for the control plane, ~6 min more for kubelet and kube-proxy)"
  (cd "$dir" && go build -trimpath -ldflags "$ldf" -o "$OUT/bin/" "${cmds[@]/#/k8s.io/kubernetes/cmd/}" >&2)
  rm -rf "$dir"
}

build_etcd() {
  local dir="$WORK/etcd"
  mkdir -p "$dir"
  printf 'module kubenomad.invalid/etcdbin\n\ngo 1.26.0\n\nrequire go.etcd.io/etcd/server/v3 %s\n' "$ETCD_VERSION" >"$dir/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' >"$dir/tools.go"
  log "building etcd $ETCD_VERSION"
  (cd "$dir" && go mod tidy -e >&2 && go build -trimpath -ldflags "-s -w" -o "$OUT/bin/etcd" go.etcd.io/etcd/server/v3 >&2)
}

build_kwok() {
  log "building kwok $KWOK_VERSION"
  GOBIN="$OUT/bin" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" >&2
}

[[ -x "$OUT/bin/etcd" ]] || build_etcd
[[ -x "$OUT/bin/kwok" ]] || build_kwok
[[ -x "$OUT/bin/kube-apiserver" && -x "$OUT/bin/kubectl" ]] ||
  build_kubernetes kube-apiserver kube-controller-manager kube-scheduler kubectl
for b in etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok; do
  [[ -x "$OUT/bin/$b" ]] || { log "missing $b after build"; exit 1; }
done
touch "$OUT/.complete"
if [[ "$WITH_NODE" == 1 ]] && ! node_ready; then
  # Serialised: the e2e setup and `kubenomad dev --real-node` may ask at the same time.
  exec {lock}>"$OUT/.node.lock"
  flock "$lock"
  node_ready || build_kubernetes kubelet kube-proxy
  for b in kubelet kube-proxy; do [[ -x "$OUT/bin/$b" ]] || { log "missing $b after build"; exit 1; }; done
fi
log "control plane ready in $OUT/bin"
echo "$OUT"
