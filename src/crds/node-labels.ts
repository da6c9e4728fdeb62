/**
 * The one mapping between Nomad's node fingerprint and Kubernetes node labels/annotations.
 *
 * Used by the placement adapter (constraint targets), by the fake nodes of the local control plane,
 * and by kind-config.yaml. Each Nomad value is read from a label first, then from an annotation of the
 * same key (annotations hold values that are not valid label values, e.g. paths or long strings).
 *
 * | Nomad target              | Kubernetes source                                                |
 * |---------------------------|------------------------------------------------------------------|
 * | `${node.unique.name}`     | node metadata.name                                               |
 * | `${node.unique.id}`       | node metadata.uid                                                |
 * | `${node.datacenter}`      | label `kubenomad.io/datacenter`, else `topology.kubernetes.io/zone`, else `dc1` |
 * | `${node.class}`           | label `kubenomad.io/node-class` (empty when unset)               |
 * | `${node.pool}`            | label `kubenomad.io/node-pool`, else `default`                   |
 * | `${attr.unique.hostname}` | label `kubernetes.io/hostname`, else metadata.name               |
 * | `${attr.kernel.name}`     | label `kubernetes.io/os`                                         |
 * | `${attr.cpu.arch}`        | label `kubernetes.io/arch`                                       |
 * | `${attr.kernel.version}`  | status.nodeInfo.kernelVersion, else `attr.kubenomad.io/kernel.version` |
 * | `${attr.os.name}`         | status.nodeInfo.osImage, else `attr.kubenomad.io/os.name`        |
 * | `${attr.<name>}`          | `attr.kubenomad.io/<name>` (e.g. `cpu.frequency` = CPU MHz, `driver.docker`) |
 * | `${meta.<name>}`          | `meta.kubenomad.io/<name>`                                       |
 */

export const DATACENTER_LABEL = 'kubenomad.io/datacenter';
export const NODE_CLASS_LABEL = 'kubenomad.io/node-class';
export const NODE_POOL_LABEL = 'kubenomad.io/node-pool';
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';
export const OS_LABEL = 'kubernetes.io/os';
export const ARCH_LABEL = 'kubernetes.io/arch';
export const ATTR_PREFIX = 'attr.kubenomad.io/';
export const META_PREFIX = 'meta.kubenomad.io/';
/** The label holding the node's CPU clock in MHz (Nomad's `cpu.frequency`). */
export const CPU_MHZ_KEY = `${ATTR_PREFIX}cpu.frequency`;
/** Default datacenter and node pool when a node says nothing (as Nomad's defaults). */
export const DEFAULT_DATACENTER = 'dc1';
export const DEFAULT_NODE_POOL = 'default';

/** The parts of a Kubernetes Node that the fingerprint mapping reads. */
export interface NodeFingerprintSource {
  name: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  nodeInfo?: { kernelVersion?: string; osImage?: string; architecture?: string; operatingSystem?: string };
}

/** A node's Nomad fingerprint: the values constraint targets resolve against. */
export interface NodeFingerprint {
  id: string;
  name: string;
  datacenter: string;
  nodeClass: string;
  nodePool: string;
  /** Nomad attributes without the `attr.` prefix (`unique.hostname`, `cpu.arch`, `driver.docker`, ...). */
  attributes: Record<string, string>;
  /** Nomad client meta without the `meta.` prefix. */
  meta: Record<string, string>;
}

function collectPrefixed(source: Record<string, string> | undefined, prefix: string, into: Record<string, string>): void {
  for (const [key, value] of Object.entries(source ?? {})) {
    if (key.startsWith(prefix)) into[key.slice(prefix.length)] = value;
  }
}

/** Reads a node's Nomad fingerprint from its labels, annotations and nodeInfo. */
export function fingerprintOf(node: NodeFingerprintSource): NodeFingerprint {
  const labels = node.labels ?? {};
  const attributes: Record<string, string> = {};
  const meta: Record<string, string> = {};
  // Annotations first so that labels (the primary source) win on a clash.
  collectPrefixed(node.annotations, ATTR_PREFIX, attributes);
  collectPrefixed(labels, ATTR_PREFIX, attributes);
  collectPrefixed(node.annotations, META_PREFIX, meta);
  collectPrefixed(labels, META_PREFIX, meta);
  attributes['unique.hostname'] = labels[HOSTNAME_LABEL] ?? node.name;
  const os = labels[OS_LABEL] ?? node.nodeInfo?.operatingSystem;
  if (os !== undefined) attributes['kernel.name'] = os;
  const arch = labels[ARCH_LABEL] ?? node.nodeInfo?.architecture;
  if (arch !== undefined) attributes['cpu.arch'] = arch;
  if (node.nodeInfo?.kernelVersion) attributes['kernel.version'] = node.nodeInfo.kernelVersion;
  if (node.nodeInfo?.osImage && attributes['os.name'] === undefined) attributes['os.name'] = node.nodeInfo.osImage;
  const datacenter = labels[DATACENTER_LABEL] ?? labels[ZONE_LABEL] ?? DEFAULT_DATACENTER;
  return {
    id: node.uid ?? node.name,
    name: node.name,
    datacenter,
    nodeClass: labels[NODE_CLASS_LABEL] ?? '',
    nodePool: labels[NODE_POOL_LABEL] ?? DEFAULT_NODE_POOL,
    attributes,
    meta,
  };
}

/** Labels and annotations that make a node carry the given fingerprint (used by fake nodes and docs). */
export function labelsForFingerprint(fp: Omit<NodeFingerprint, 'id'>): { labels: Record<string, string>; annotations: Record<string, string> } {
  const labels: Record<string, string> = {
    [DATACENTER_LABEL]: fp.datacenter,
    [NODE_POOL_LABEL]: fp.nodePool,
    [HOSTNAME_LABEL]: fp.attributes['unique.hostname'] ?? fp.name,
  };
  const annotations: Record<string, string> = {};
  if (fp.nodeClass) labels[NODE_CLASS_LABEL] = fp.nodeClass;
  const put = (key: string, value: string): void => {
    if (isLabelValue(value)) labels[key] = value;
    else annotations[key] = value;
  };
  for (const [name, value] of Object.entries(fp.attributes)) {
    if (name === 'unique.hostname') continue;
    if (name === 'kernel.name') labels[OS_LABEL] = value;
    else if (name === 'cpu.arch') labels[ARCH_LABEL] = value;
    else put(ATTR_PREFIX + name, value);
  }
  for (const [name, value] of Object.entries(fp.meta)) put(META_PREFIX + name, value);
  return { labels, annotations };
}

/** Whether a string is a valid Kubernetes label value. */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value);
}
