#!/usr/bin/env bash
# Builds the images the real node runs, with buildah, from what is on this machine (no registry is used):
#   localhost/kubenomad/pause:<busybox>      the pod sandbox: busybox-static sleeping
#   localhost/kubenomad/busybox:<busybox>    the base image of exec/raw_exec tasks (KUBENOMAD_EXEC_IMAGE)
#   localhost/kubenomad/node:<node>          a Node.js base: the machine's node and npm, the shared libraries
#                                            node links (Debian's libc6, libstdc++6, libgcc-s1), the CA bundle,
#                                            busybox as /bin/sh
#   localhost/kubenomad/kubenomad:<hash>     the operator: the project's Dockerfile built with
#                                            BASE_IMAGE=localhost/kubenomad/node:<node>; <hash> covers its inputs
# Each image is saved once as a docker-archive under ${KUBENOMAD_CACHE:-~/.cache/kubenomad}/real-node/images/
# (reused while its inputs are unchanged) for `ctr images import`.
# Usage: real-node-images.sh [node|all]   node: the three base images; all (default): also the operator.
# Prints `<image>=<archive>` lines on stdout; logs go to stderr. Needs buildah and busybox-static
# (scripts/real-node.sh install), and root.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${KUBENOMAD_CACHE:-$HOME/.cache/kubenomad}/real-node"
IMAGES="$CACHE/images"
STORE="$CACHE/buildah"
BUSYBOX=/bin/busybox

log() { printf '[real-node-images] %s\n' "$*" >&2; }
bah() { buildah --root "$STORE/storage" --runroot "$STORE/run" --storage-driver overlay "$@"; }

busybox_version() {
  local banner
  banner="$("$BUSYBOX" 2>&1 || true)" # prints its usage and exits 1; no pipe, so no SIGPIPE race under pipefail
  sed -n '1s/^BusyBox v\([0-9.]*\).*/\1/p' <<<"$banner"
}
node_version() { node -p 'process.versions.node'; }

# A rootfs skeleton: busybox with every applet linked, users root and nonroot (65532), /tmp.
busybox_rootfs() {
  local fs="$1" applet
  mkdir -p "$fs/bin" "$fs/etc" "$fs/tmp" "$fs/root" "$fs/home/nonroot"
  chmod 1777 "$fs/tmp"
  cp "$BUSYBOX" "$fs/bin/busybox"
  for applet in $("$BUSYBOX" --list-full); do
    [[ -e "$fs/$applet" ]] && continue
    mkdir -p "$fs/$(dirname "$applet")"
    ln -s /bin/busybox "$fs/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\nnonroot:x:65532:65532:nonroot:/home/nonroot:/bin/false\n' >"$fs/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\nnonroot:x:65532:\n' >"$fs/etc/group"
  printf 'hosts: files dns\n' >"$fs/etc/nsswitch.conf"
  chown 65532:65532 "$fs/home/nonroot"
}

# Commits a rootfs directory as an image with the given entrypoint/cmd (JSON arrays) and saves its archive;
# further arguments are `buildah config` options.
commit_rootfs() {
  local fs="$1" image="$2" entrypoint="$3" cmd="$4" archive="$5" ctr
  shift 5
  ctr="$(bah from scratch)"
  bah copy --quiet "$ctr" "$fs" / >/dev/null
  bah config --entrypoint "$entrypoint" --cmd "$cmd" --env PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin "$@" "$ctr"
  bah commit --quiet --rm "$ctr" "$image" >/dev/null
  save "$image" "$archive"
}

save() {
  local image="$1" archive="$2"
  mkdir -p "$IMAGES"
  rm -f "$archive.tmp"
  bah push --quiet "$image" "docker-archive:$archive.tmp:$image" >&2
  mv "$archive.tmp" "$archive"
}

build_pause() {
  local image="localhost/kubenomad/pause:$1" archive="$IMAGES/pause-$1.tar" fs
  if [[ ! -f "$archive" ]]; then
    log "building $image"
    fs="$(mktemp -d)"
    busybox_rootfs "$fs"
    commit_rootfs "$fs" "$image" '["/bin/sleep"]' '["infinity"]' "$archive"
    rm -rf "$fs"
  fi
  echo "$image=$archive"
}

build_busybox() {
  local image="localhost/kubenomad/busybox:$1" archive="$IMAGES/busybox-$1.tar" fs
  if [[ ! -f "$archive" ]]; then
    log "building $image"
    fs="$(mktemp -d)"
    busybox_rootfs "$fs"
    mkdir -p "$fs/var/www"
    commit_rootfs "$fs" "$image" '[]' '["sh"]' "$archive"
    rm -rf "$fs"
  fi
  echo "$image=$archive"
}

# node, npm and corepack as the nodejs package installed them, plus the libraries node links.
node_rootfs() {
  local fs="$1" lib
  busybox_rootfs "$fs"
  rm -f "$fs/usr/bin/node" "$fs/usr/bin/npm" "$fs/usr/bin/npx"
  mkdir -p "$fs/usr/bin" "$fs/usr/lib" "$fs/etc/ssl/certs"
  cp "$(readlink -f "$(command -v node)")" "$fs/usr/bin/node"
  cp -a /usr/lib/node_modules "$fs/usr/lib/node_modules"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$fs/usr/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$fs/usr/bin/npx"
  for lib in $(ldd "$fs/usr/bin/node" | grep -o '/[^ ]*'); do
    cp --parents -L "$lib" "$fs/"
  done
  [[ -f /etc/ssl/certs/ca-certificates.crt ]] && cp /etc/ssl/certs/ca-certificates.crt "$fs/etc/ssl/certs/"
  return 0
}

build_node() {
  local image="localhost/kubenomad/node:$1" archive="$IMAGES/node-$1.tar" fs
  # The operator build starts FROM this image, so it must exist in buildah's storage too.
  if [[ ! -f "$archive" ]] || ! bah inspect --type image "$image" >/dev/null 2>&1; then
    log "building $image"
    fs="$(mktemp -d)"
    node_rootfs "$fs"
    # Trust the machine's CA bundle as node on the machine does (npm reaches the registry through it).
    commit_rootfs "$fs" "$image" '[]' '["node"]' "$archive" --env NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
    rm -rf "$fs"
  fi
  echo "$image=$archive"
}

# A failed build leaves its working container mounted (and the overlay home bind-mounted on itself):
# remove the containers and unmount whatever is still mounted under the store, deepest first.
cleanup_store() {
  bah rm --all >/dev/null 2>&1 || true
  awk -v store="$STORE/" 'index($5, store) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
    while read -r mnt; do umount "$mnt" 2>/dev/null || umount -l "$mnt"; done
}

# A hash of everything the Dockerfile copies, and of the base image, names the operator image.
operator_hash() {
  (cd "$ROOT" && find Dockerfile package.json package-lock.json tsconfig.json tsconfig.build.json src bin deploy/crds \
    -type f -print0 | sort -z | xargs -0 sha256sum; echo "$1") | sha256sum | cut -c1-12
}

build_operator() {
  local base="$1" hash image archive old
  hash="$(operator_hash "$base")"
  image="localhost/kubenomad/kubenomad:$hash"
  archive="$IMAGES/kubenomad-$hash.tar"
  if [[ ! -f "$archive" ]]; then
    log "building $image from $ROOT/Dockerfile (BASE_IMAGE=$base; npm install inside: 2-5 min)"
    # chroot isolation and the host network: the build stage runs `npm install` against the npm registry.
    bah bud --quiet --layers --isolation chroot --network host --pull=never \
      --build-arg "BASE_IMAGE=$base" -t "$image" -f "$ROOT/Dockerfile" "$ROOT" >&2
    save "$image" "$archive"
    # Keep one operator image: drop older archives and tags (their cached layers stay for the next build).
    for old in "$IMAGES"/kubenomad-*.tar; do [[ "$old" == "$archive" ]] || rm -f "$old"; done
    bah images --format '{{.Name}}:{{.Tag}}' | grep '^localhost/kubenomad/kubenomad:' | grep -v ":$hash\$" |
      xargs -r -n1 buildah --root "$STORE/storage" --runroot "$STORE/run" --storage-driver overlay rmi >/dev/null 2>&1 || true
  fi
  echo "$image=$archive"
}

main() {
  local what="${1:-all}" bb node_line
  [[ "$(id -u)" == 0 ]] || { log "building images with buildah needs root"; exit 1; }
  command -v buildah >/dev/null || { log "buildah is missing: run scripts/real-node.sh install"; exit 1; }
  [[ -x "$BUSYBOX" ]] || { log "busybox-static is missing: run scripts/real-node.sh install"; exit 1; }
  mkdir -p "$IMAGES" "$STORE"
  exec {lock}>"$CACHE/.images.lock"
  flock "$lock"
  trap cleanup_store EXIT
  bb="$(busybox_version)"
  build_pause "$bb"
  build_busybox "$bb"
  node_line="$(build_node "$(node_version)")"
  echo "$node_line"
  [[ "$what" == node ]] && return 0
  build_operator "${node_line%%=*}"
}

main "$@"
