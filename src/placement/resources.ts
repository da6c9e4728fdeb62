/** Resource vectors: arithmetic, the fit check (`AllocsFit`) and turning a group's ask into a vector on a node. */
import type { GroupResources, Node, ResourceVector } from './types.js';

/** Nomad's defaults when a task says nothing (DefaultResources, ephemeral_disk). */
export const DEFAULT_CPU_MHZ = 100;
export const DEFAULT_MEMORY_MB = 300;
export const DEFAULT_DISK_MB = 300;
/** MHz per core when the node has no `cpu.frequency` attribute. */
export const DEFAULT_MHZ_PER_CORE = 1000;

/** An empty vector. */
export function zero(): ResourceVector {
  return { cpu: 0, cores: 0, memory: 0, disk: 0, pods: 0, extended: {} };
}

/** a += b (mutates a). */
export function addInto(a: ResourceVector, b: ResourceVector, sign = 1): void {
  a.cpu += sign * b.cpu;
  a.cores += sign * b.cores;
  a.memory += sign * b.memory;
  a.disk += sign * b.disk;
  a.pods += sign * b.pods;
  for (const key in b.extended) a.extended[key] = (a.extended[key] ?? 0) + sign * (b.extended[key] ?? 0);
}

/** A copy of a vector. */
export function clone(v: ResourceVector): ResourceVector {
  return { ...v, extended: { ...v.extended } };
}

/**
 * The first dimension where `used` exceeds `capacity`, or null when it fits (Nomad's AllocsFit).
 * Dimension names are Nomad's (`cpu`, `cores`, `memory`, `disk`) plus `pods` and extended resource names.
 */
export function exceededDimension(used: ResourceVector, capacity: ResourceVector): string | null {
  if (used.cpu > capacity.cpu) return 'cpu';
  if (used.cores > capacity.cores) return 'cores';
  if (used.memory > capacity.memory) return 'memory';
  if (used.disk > capacity.disk) return 'disk';
  if (used.pods > capacity.pods) return 'pods';
  for (const key in used.extended) {
    if ((used.extended[key] ?? 0) > (capacity.extended[key] ?? 0)) return key;
  }
  return null;
}

/** The node's MHz per core: attribute `cpu.frequency`, else allocatable cpu / cores, else 1000. */
export function mhzPerCore(node: Node): number {
  const attr = Number(node.fingerprint.attributes['cpu.frequency']);
  if (Number.isFinite(attr) && attr > 0) return attr;
  if (node.allocatable.cores > 0) return node.allocatable.cpu / node.allocatable.cores;
  return DEFAULT_MHZ_PER_CORE;
}

/**
 * Kubernetes resource names a Nomad device name may refer to on this node:
 * `vendor/type[/model]` → `vendor.*\/type`, `type` → `*\/type`, a name with a dot is taken as-is.
 */
export function deviceKeys(node: Node, name: string): string[] {
  const keys = Object.keys(node.allocatable.extended);
  if (name.includes('.')) return keys.filter((k) => k === name);
  const parts = name.split('/');
  if (parts.length === 1) return keys.filter((k) => k.endsWith(`/${name}`));
  const [vendor, type] = parts;
  return keys.filter((k) => k.startsWith(`${vendor}.`) && k.endsWith(`/${type}`));
}

const uniformAsks = new WeakMap<GroupResources, ResourceVector>();

/** The vector one allocation of the group uses on `node`; shared (read-only) when it cannot vary by node. */
export function askOnNode(ask: GroupResources, node: Node): ResourceVector {
  if ((ask.cores ?? 0) > 0 || (ask.devices?.length ?? 0) > 0) return computeAsk(ask, node);
  let cached = uniformAsks.get(ask);
  if (!cached) uniformAsks.set(ask, (cached = computeAsk(ask, node)));
  return cached;
}

/** The vector one allocation of the group uses on `node` (cores priced at the node's MHz). */
function computeAsk(ask: GroupResources, node: Node): ResourceVector {
  const cores = ask.cores ?? 0;
  const cpu = cores > 0 ? cores * mhzPerCore(node) : (ask.cpu ?? DEFAULT_CPU_MHZ);
  const extended: Record<string, number> = { ...(ask.extended ?? {}) };
  for (const device of ask.devices ?? []) {
    const key = deviceKeys(node, device.name)[0] ?? device.name;
    extended[key] = (extended[key] ?? 0) + (device.count ?? 1);
  }
  return { cpu, cores, memory: ask.memory ?? DEFAULT_MEMORY_MB, disk: ask.disk ?? DEFAULT_DISK_MB, pods: 1, extended };
}

/**
 * Like exceededDimension for `base + delta + ask` against `capacity`, without allocating.
 * Extended resources are checked for the keys the ask uses.
 */
export function exceededWith(base: ResourceVector, delta: ResourceVector | undefined, ask: ResourceVector, capacity: ResourceVector): string | null {
  const d = delta ?? ZERO;
  for (const dim of SCALAR_DIMENSIONS) {
    if (base[dim] + d[dim] + ask[dim] > capacity[dim]) return dim;
  }
  for (const key in ask.extended) {
    const used = (base.extended[key] ?? 0) + (d.extended[key] ?? 0) + (ask.extended[key] ?? 0);
    if (used > (capacity.extended[key] ?? 0)) return key;
  }
  return null;
}

/** The scalar dimensions in Nomad's AllocsFit order (the first exceeded one is reported). */
const SCALAR_DIMENSIONS = ['cpu', 'cores', 'memory', 'disk', 'pods'] as const;

const ZERO: ResourceVector = Object.freeze({ cpu: 0, cores: 0, memory: 0, disk: 0, pods: 0, extended: Object.freeze({}) }) as ResourceVector;
