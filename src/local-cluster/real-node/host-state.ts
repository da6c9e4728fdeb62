/**
 * The machine as the real node found it, and putting it back: kernel settings (sysctls), iptables and nftables,
 * mounts, network links, and the well-known directories kubelet, containerd and CNI create. A snapshot is taken
 * before anything starts; `restoreHost` removes only what the real node added and `hostDifferences` says what still
 * differs (a kernel setting that changed is always reported, even after it was written back).
 */
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { FAMILIES, iptablesSave, nftTables, restoreIptables, restoreNftTables, type Family } from './iptables.js';
import { tryRun } from './host.js';

/** Kernel settings the real node's components would change if they could (kubelet, kube-proxy, CNI plugins). */
export const GUARDED_SYSCTLS = [
  'kernel/panic', 'kernel/panic_on_oops', 'vm/overcommit_memory', 'vm/panic_on_oom',
  'kernel/keys/root_maxkeys', 'kernel/keys/root_maxbytes',
  'net/ipv4/ip_forward', 'net/ipv6/conf/all/forwarding', 'net/ipv4/conf/all/route_localnet',
  'net/bridge/bridge-nf-call-iptables', 'net/bridge/bridge-nf-call-ip6tables',
  'net/netfilter/nf_conntrack_max', 'net/netfilter/nf_conntrack_tcp_timeout_established',
  'net/netfilter/nf_conntrack_tcp_timeout_close_wait', 'net/netfilter/nf_conntrack_tcp_be_liberal',
  'net/netfilter/nf_conntrack_udp_timeout', 'net/netfilter/nf_conntrack_udp_timeout_stream',
];

/** Default locations of kubelet, containerd and CNI state, which must not be left behind when they were absent. */
export const WELL_KNOWN_PATHS = [
  '/run/containerd', '/var/lib/containerd', '/opt/containerd', '/var/lib/kubelet', '/var/log/pods', '/var/log/containers',
  '/var/lib/cni', '/etc/cni', '/opt/cni', '/run/netns', '/var/run/netns', '/etc/kubernetes', '/usr/libexec/kubernetes',
  '/run/kubernetes', '/var/lib/kube-proxy',
];

/** What the machine looked like before the real node started. */
export interface HostSnapshot {
  sysctls: Record<string, string>;
  iptables: Record<Family, string>;
  nftTables: string[];
  mounts: string[];
  links: string[];
  paths: Record<string, boolean>;
}

/** Reads a sysctl by its /proc/sys path (`kernel/panic`), or undefined when the kernel has none. */
export function readSysctl(name: string): string | undefined {
  try {
    return readFileSync(`/proc/sys/${name}`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** The values of the guarded sysctls that exist on this kernel. */
export function guardedSysctls(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of GUARDED_SYSCTLS) {
    const value = readSysctl(name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** Mount points of this mount namespace, in mount order. */
export function mountPoints(): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter(Boolean).map((l) => (l.split(' ')[4] ?? '').replace(/\\040/g, ' '));
}

/** Network interface names. */
export function linkNames(): string[] {
  return readdirSync('/sys/class/net').sort();
}

/** Takes the snapshot. */
export function captureHost(): HostSnapshot {
  return {
    sysctls: guardedSysctls(),
    iptables: { ipv4: iptablesSave('ipv4'), ipv6: iptablesSave('ipv6') },
    nftTables: nftTables(),
    mounts: mountPoints(),
    links: linkNames(),
    paths: Object.fromEntries(WELL_KNOWN_PATHS.map((p) => [p, existsSync(p)])),
  };
}

/** Unmounts every mount point at or below `dir`, deepest first (lazily when busy). */
export function unmountBelow(dir: string): string[] {
  const problems: string[] = [];
  const below = mountPoints().filter((m) => m === dir || m.startsWith(`${dir}/`)).reverse();
  for (const m of below) {
    if (tryRun('umount', [m]).status === 0) continue;
    const r = tryRun('umount', ['-l', m]);
    if (r.status !== 0) problems.push(`umount ${m}: ${r.stderr.trim()}`);
  }
  return problems;
}

function restoreSysctls(before: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(guardedSysctls())) {
    const old = before[name];
    if (old === undefined || old === value) continue;
    problems.push(`sysctl ${name.replaceAll('/', '.')} was ${old}, found ${value}; written back`);
    try {
      writeFileSync(`/proc/sys/${name}`, old);
    } catch (err) {
      problems.push(`sysctl ${name.replaceAll('/', '.')}: cannot write back ${old}: ${(err as Error).message}`);
    }
  }
  return problems;
}

function removeNewPaths(before: Record<string, boolean>): void {
  for (const [path, existed] of Object.entries(before)) if (!existed && existsSync(path)) rmSync(path, { recursive: true, force: true });
}

/**
 * Puts back what the real node changed: sysctls written back (and reported), KUBE-/CNI- iptables chains and
 * rules and new empty nftables tables removed, well-known directories that did not exist removed. Mounts, links
 * and cgroups are the caller's (they are named by the real node's directory and bridge). Returns problems.
 */
export function restoreHost(before: HostSnapshot): string[] {
  const problems = restoreSysctls(before.sysctls);
  for (const family of FAMILIES) problems.push(...restoreIptables(family, before.iptables[family]));
  problems.push(...restoreNftTables(before.nftTables));
  removeNewPaths(before.paths);
  return problems;
}

const normalizedRules = (text: string): string[] =>
  text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.replace(/\[\d+:\d+\]/g, '')).sort();

/** What still differs from the snapshot (empty when the machine is as it was). */
export function hostDifferences(before: HostSnapshot): string[] {
  const diffs: string[] = [];
  for (const [name, value] of Object.entries(guardedSysctls())) {
    if (before.sysctls[name] !== undefined && before.sysctls[name] !== value) diffs.push(`sysctl ${name.replaceAll('/', '.')}: ${before.sysctls[name]} → ${value}`);
  }
  for (const family of FAMILIES) {
    const was = normalizedRules(before.iptables[family]);
    const now = normalizedRules(iptablesSave(family));
    const added = now.filter((l) => !was.includes(l));
    if (added.length > 0) diffs.push(`${family} iptables gained: ${added.slice(0, 5).join(' | ')}${added.length > 5 ? ' …' : ''}`);
  }
  const tables = nftTables().filter((t) => !before.nftTables.includes(t));
  if (tables.length > 0) diffs.push(`nftables tables added: ${tables.join(', ')}`);
  const mounts = mountPoints().filter((m) => !before.mounts.includes(m));
  if (mounts.length > 0) diffs.push(`mounts added: ${mounts.join(', ')}`);
  const links = linkNames().filter((l) => !before.links.includes(l));
  if (links.length > 0) diffs.push(`network links added: ${links.join(', ')}`);
  const paths = Object.entries(before.paths).filter(([p, existed]) => !existed && existsSync(p)).map(([p]) => p);
  if (paths.length > 0) diffs.push(`paths created: ${paths.join(', ')}`);
  return diffs;
}
