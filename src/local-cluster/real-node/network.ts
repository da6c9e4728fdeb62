/**
 * The real node's pod network: one Linux bridge with the node's address (the pod CIDR's first address), pods
 * attached by the CNI bridge plugin (host-local addresses, no gateway role, no masquerade, so the plugin never
 * enables IP forwarding), hostPorts by the portmap plugin. A route sends the Service CIDR to the bridge, so
 * traffic to a Service IP stays on the pod network even before kube-proxy has rules for it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { linkNames } from './host-state.js';
import { run, tryRun } from './host.js';

/** The addresses of the pod network. */
export interface PodNetwork {
  /** Bridge name (at most 15 characters). */
  bridge: string;
  /** Pod CIDR, a /24 or larger IPv4 network, e.g. 10.99.0.0/24. */
  podCidr: string;
  /** The bridge's address: the node IP, the pods' gateway, where the apiserver is reachable. */
  gateway: string;
  /** The cluster's Service CIDR (routed to the bridge). */
  serviceCidr: string;
}

/** The default pod network: bridge kn0 on 10.99.0.0/24 (override with KUBENOMAD_REAL_NODE_POD_CIDR). */
export function defaultPodNetwork(serviceCidr: string, env: NodeJS.ProcessEnv = process.env): PodNetwork {
  const podCidr = env.KUBENOMAD_REAL_NODE_POD_CIDR ?? '10.99.0.0/24';
  const [base = '', bits = '24'] = podCidr.split('/');
  const octets = base.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255) || Number(bits) > 24) {
    throw new Error(`Cannot use pod CIDR ${podCidr}: expected an IPv4 network of /24 or larger`);
  }
  return { bridge: 'kn0', podCidr, gateway: `${octets[0]}.${octets[1]}.${octets[2]}.${(octets[3] ?? 0) + 1}`, serviceCidr };
}

function ipv4Range(cidr: string): [number, number] | undefined {
  const [base = '', bits = '32'] = cidr.split('/');
  const octets = base.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o))) return undefined;
  const start = octets.reduce((n, o) => n * 256 + o, 0);
  const size = 2 ** (32 - Number(bits));
  return [start - (start % size), start - (start % size) + size - 1];
}

/** Whether two IPv4 CIDRs share an address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const ra = ipv4Range(a);
  const rb = ipv4Range(b);
  return ra !== undefined && rb !== undefined && ra[0] <= rb[1] && rb[0] <= ra[1];
}

/** Routes of the machine that would clash with the pod network or the Service CIDR (as `ip route` prints them). */
export function clashingRoutes(net: PodNetwork): string[] {
  const routes = run('ip', ['-4', 'route', 'show']).split('\n').filter(Boolean);
  return routes.filter((r) => {
    const dst = r.split(' ')[0] ?? '';
    return dst !== 'default' && (cidrsOverlap(dst, net.podCidr) || cidrsOverlap(dst, net.serviceCidr));
  });
}

/** Creates the bridge with the gateway address, and the Service CIDR route through it. */
export function createBridge(net: PodNetwork): void {
  if (linkNames().includes(net.bridge)) throw new Error(`Cannot create bridge ${net.bridge}: it exists (another real node is running, or a crashed one was not cleaned up)`);
  const clash = clashingRoutes(net);
  if (clash.length > 0) throw new Error(`Cannot use pod CIDR ${net.podCidr}: the machine routes ${clash.join('; ')} (set KUBENOMAD_REAL_NODE_POD_CIDR)`);
  const prefixLength = net.podCidr.split('/')[1] ?? '24';
  run('ip', ['link', 'add', net.bridge, 'type', 'bridge']);
  run('ip', ['addr', 'add', `${net.gateway}/${prefixLength}`, 'dev', net.bridge]);
  run('ip', ['link', 'set', net.bridge, 'up']);
  run('ip', ['route', 'add', net.serviceCidr, 'dev', net.bridge, 'src', net.gateway]);
}

/** Deletes the bridge (its routes go with it); veth pairs go with their pods' network namespaces. */
export function deleteBridge(net: PodNetwork): string[] {
  if (!linkNames().includes(net.bridge)) return [];
  const r = tryRun('ip', ['link', 'delete', net.bridge]);
  return r.status === 0 ? [] : [`ip link delete ${net.bridge}: ${r.stderr.trim()}`];
}

/** Writes the CNI configuration containerd reads; host-local keeps its leases under `dir`. */
export function writeCniConfig(net: PodNetwork, dir: string): string {
  const confDir = join(dir, 'net.d');
  mkdirSync(confDir, { recursive: true });
  const conflist = {
    cniVersion: '1.0.0',
    name: 'kubenomad-real-node',
    plugins: [
      {
        type: 'bridge', bridge: net.bridge, isGateway: false, ipMasq: false, hairpinMode: true,
        ipam: {
          type: 'host-local', dataDir: join(dir, 'ipam'),
          ranges: [[{ subnet: net.podCidr, gateway: net.gateway }]],
          routes: [{ dst: '0.0.0.0/0', gw: net.gateway }],
        },
      },
      { type: 'portmap', capabilities: { portMappings: true } },
    ],
  };
  writeFileSync(join(confDir, '10-kubenomad.conflist'), JSON.stringify(conflist, null, 2));
  return confDir;
}
