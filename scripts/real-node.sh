#!/usr/bin/env bash
# What the real node (kubelet + containerd + runc on this machine; src/local-cluster/real-node) needs.
#   real-node.sh check           exit 0 when this machine can run a real node; otherwise exit 3 and print ONE line
#                                saying why (the kernel or the privileges do not allow it)
#   real-node.sh install [all]   check, then install what is missing and print `key=value` lines:
#                                  Debian packages (apt-get): runc containerd containernetworking-plugins
#                                    busybox-static buildah iptables nftables conntrack socat
#                                  kubelet and kube-proxy at the control plane's version (build-control-plane.sh --node)
#                                  images (real-node-images.sh): pause, busybox, node; with `all` also the operator
#                                prints bin=<dir of kubelet, kube-proxy and the control plane>, cni=<plugin dir>,
#                                and image=<name>=<archive> per image
# Logs go to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(runc containerd containernetworking-plugins busybox-static buildah iptables nftables conntrack socat)
CNI_DIR=/usr/lib/cni

log() { printf '[real-node] %s\n' "$*" >&2; }
cannot() { echo "$*"; exit 3; }

has_cap() { # bit number in CapEff
  local eff
  eff="$(awk '/^CapEff:/ { print $2 }' /proc/self/status)"
  (( (16#$eff >> $1) & 1 ))
}

check_cgroups() {
  if [[ -f /sys/fs/cgroup/cgroup.controllers ]]; then
    local c
    for c in cpu memory pids; do
      grep -qw "$c" /sys/fs/cgroup/cgroup.controllers || return 1
    done
    return 0
  fi
  [[ -d /sys/fs/cgroup/memory && -d /sys/fs/cgroup/cpu && -d /sys/fs/cgroup/pids ]]
}

# Kernel and privileges only: what no installation can fix.
check() {
  local why
  [[ "$(uname -s)" == Linux ]] || cannot "the real node needs Linux (this is $(uname -s))"
  [[ "$(id -u)" == 0 ]] || cannot "the real node needs root (uid $(id -u)): kubelet, containerd and the pod network need CAP_SYS_ADMIN and CAP_NET_ADMIN"
  has_cap 21 && has_cap 12 || cannot "the real node needs CAP_SYS_ADMIN and CAP_NET_ADMIN, which this root lacks (an unprivileged container?)"
  [[ "$(awk '{ print $1, $2, $3 }' /proc/self/uid_map)" == "0 0 4294967295" ]] ||
    cannot "root here is mapped by a user namespace ($(awk '{ print $1, $2, $3 }' /proc/self/uid_map)); kubelet needs the machine's root"
  why="$(unshare --mount true 2>&1)" || cannot "cannot create a mount namespace (unshare --mount: ${why:-failed}); kubelet must run in its own"
  check_cgroups || cannot "no usable cgroup hierarchy under /sys/fs/cgroup (needs cpu, memory and pids controllers)"
  [[ -w /sys/fs/cgroup/memory || -w /sys/fs/cgroup/cgroup.procs ]] || cannot "the cgroup hierarchy is read-only here (/sys/fs/cgroup); kubelet must create pod cgroups"
  grep -qw overlay /proc/filesystems || cannot "the kernel has no overlay filesystem (containerd's snapshotter needs it)"
  # Bridge and veth in a throwaway network namespace: nothing on the host changes.
  why="$(unshare --net sh -c 'ip link add kn-probe type bridge && ip link add kn-v0 type veth peer name kn-v1' 2>&1)" ||
    cannot "the kernel cannot create a bridge and veth pairs for the pod network (${why:-ip link add failed})"
}

# After the packages are installed: NAT rules work (also in a throwaway network namespace).
check_netfilter() {
  local why
  why="$(unshare --net sh -c 'iptables -t nat -N KN-PROBE && iptables -t nat -A KN-PROBE -j DNAT --to-destination 10.0.0.1' 2>&1)" ||
    cannot "the kernel has no usable iptables NAT (kube-proxy and hostPorts need it): ${why:-iptables failed}"
}

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

install_packages() {
  local missing
  mapfile -t missing < <(missing_packages)
  [[ ${#missing[@]} -eq 0 ]] && return 0
  command -v apt-get >/dev/null || { log "missing ${missing[*]} and no apt-get to install them"; exit 1; }
  log "installing ${missing[*]} with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

install() {
  local bin
  check
  install_packages
  check_netfilter
  [[ -x "$CNI_DIR/bridge" && -x "$CNI_DIR/portmap" && -x "$CNI_DIR/host-local" && -x "$CNI_DIR/loopback" ]] ||
    { log "CNI plugins missing in $CNI_DIR"; exit 1; }
  bin="$(bash scripts/build-control-plane.sh --node)/bin"
  echo "bin=$bin"
  echo "cni=$CNI_DIR"
  bash scripts/real-node-images.sh "$([[ "${1:-}" == all ]] && echo all || echo node)" | sed 's/^/image=/'
}

case "${1:-}" in
  check) check ;;
  install) install "${2:-}" ;;
  *) log "usage: $0 check | install [all]"; exit 2 ;;
esac
