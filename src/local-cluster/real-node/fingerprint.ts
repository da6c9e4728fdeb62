/**
 * The real node's Nomad fingerprint, read from this machine (cores, clock, kernel, architecture) and turned into
 * node labels and annotations by the one mapping (src/crds/node-labels.ts). kubelet sets the hostname, OS and
 * architecture labels itself; the rest go through --node-labels, and values that are not label values become
 * annotations afterwards.
 */
import { readFileSync } from 'node:fs';
import { arch, cpus, hostname, release } from 'node:os';
import { ARCH_LABEL, CPU_MHZ_KEY, HOSTNAME_LABEL, OS_LABEL, labelsForFingerprint } from '../../crds/node-labels.js';

/** What the caller may choose about the real node. */
export interface RealNodeIdentity {
  name: string;
  datacenter: string;
  nodeClass: string;
  meta: Record<string, string>;
}

/** The machine's hostname as a node name (lowercase, DNS-1123). */
export function machineNodeName(): string {
  const name = hostname().toLowerCase().replace(/[^a-z0-9.-]/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return name || 'real-node';
}

/** The CPU clock in MHz: the kernel's figure for CPU 0, else /proc/cpuinfo, else Nomad's 1000 default. */
export function cpuMhz(): number {
  const speed = cpus()[0]?.speed ?? 0;
  if (speed > 0) return Math.round(speed);
  try {
    const m = /cpu MHz\s*:\s*([\d.]+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m?.[1]) return Math.round(Number(m[1]));
  } catch {
    // Not Linux.
  }
  return 1000;
}

/** Labels (for --node-labels) and annotations carrying the machine's fingerprint. */
export function realNodeLabels(id: RealNodeIdentity): { labels: Record<string, string>; annotations: Record<string, string> } {
  const cores = cpus().length;
  const mhz = cpuMhz();
  const { labels, annotations } = labelsForFingerprint({
    name: id.name,
    datacenter: id.datacenter,
    nodeClass: id.nodeClass,
    nodePool: 'default',
    attributes: {
      'unique.hostname': id.name,
      'kernel.name': 'linux',
      'cpu.arch': arch() === 'x64' ? 'amd64' : arch(),
      'kernel.version': release(),
      'cpu.numcores': String(cores),
      'cpu.frequency': String(mhz),
      'cpu.totalcompute': String(cores * mhz),
      'driver.docker': '1',
      'driver.exec': '1',
      'driver.raw_exec': '1',
    },
    meta: id.meta,
  });
  for (const kubeletOwned of [HOSTNAME_LABEL, OS_LABEL, ARCH_LABEL]) delete labels[kubeletOwned];
  labels[CPU_MHZ_KEY] = String(mhz);
  return { labels, annotations };
}
