/** Resource vectors: arithmetic, the fit check (`AllocsFit`) and turning a group's ask into a vector on a node. */
import type { GroupResources, Node, ResourceVector } from './types.js';
import { CPU_EPSILON_MHZ, cpuHeld, DEFAULT_CPU_MHZ, DEFAULT_DISK_MB, DEFAULT_MEMORY_MB, nodeMhzPerCore } from './units.js';

export { DEFAULT_CPU_MHZ, DEFAULT_DISK_MB, DEFAULT_MEMORY_MB, DEFAULT_MHZ_PER_CORE } from './units.js';

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
  if (used.cpu > capacity.cpu + CPU_EPSILON_MHZ) return 'cpu';
  if (used.cores > capacity.cores) return 'cores';
  if (used.memory > capacity.memory) return 'memory';
  if (used.disk > capacity.disk) return 'disk';
  if (used.pods > capacity.pods) return 'pods';
  for (const key in used.extended) {
    if ((used.extended[key] ?? 0) > (capacity.extended[key] ?? 0)) return key;
  }
  return null;
}

/** The node's MHz per core (units.ts: its `cpu.frequency` fingerprint, else 1000). */
export function mhzPerCore(node: Node): number {
  return nodeMhzPerCore(node.fingerprint);
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

/** Per ask: the vector by node clock (`millicoreCpu` nodes keyed by their clock, exact-MHz nodes by 0). */
const sharedAsks = new WeakMap<GroupResources, Map<number, ResourceVector>>();

/** The vector one allocation of the group uses on `node`; shared (read-only) between nodes of one clock. */
export function askOnNode(ask: GroupResources, node: Node): ResourceVector {
  if ((ask.devices?.length ?? 0) > 0) return computeAsk(ask, node);
  const clockBound = node.millicoreCpu === true || ask.cpuMillicores !== undefined || (ask.cores ?? 0) > 0;
  const key = clockBound ? mhzPerCore(node) + (node.millicoreCpu ? 0.5 : 0) : 0;
  let byClock = sharedAsks.get(ask);
  if (!byClock) sharedAsks.set(ask, (byClock = new Map()));
  let cached = byClock.get(key);
  if (!cached) byClock.set(key, (cached = computeAsk(ask, node)));
  return cached;
}

/**
 * The least one allocation of the group holds on any node, per scalar dimension (the best-fit index skips nodes that
 * cannot hold it). Cpu is the tasks' MHz, which millicore rounding only raises; cores and raw millicores are priced
 * by each node's clock, so they count 0 here and the exact check (`askOnNode` + `exceededWith`) decides per node.
 */
export function askFloor(ask: GroupResources): Omit<ResourceVector, 'extended'> {
  const cores = ask.cores ?? 0;
  const tasks = ask.cpuMillicores !== undefined ? [] : ask.taskCpu ?? (cores > 0 ? [] : [ask.cpu ?? DEFAULT_CPU_MHZ]);
  return { cpu: tasks.reduce((a, b) => a + b, 0), cores, memory: ask.memory ?? DEFAULT_MEMORY_MB, disk: ask.disk ?? DEFAULT_DISK_MB, pods: 1 };
}

/** MHz one allocation of the group holds on `node`: cores at the node's clock, else its tasks' CPU (units.ts). */
function cpuOnNode(ask: GroupResources, node: Node): number {
  const cores = ask.cores ?? 0;
  const clock = mhzPerCore(node);
  const shares = cpuHeld({ taskMhz: ask.taskCpu ?? [ask.cpu ?? DEFAULT_CPU_MHZ], millicores: ask.cpuMillicores }, clock, node.millicoreCpu === true);
  if (cores <= 0) return shares;
  // cores reserve whole cores; tasks of the group that ask cpu shares too (taskCpu) hold those besides.
  return cores * clock + (ask.taskCpu ? shares : 0);
}

/** The vector one allocation of the group uses on `node` (cores priced at the node's MHz). */
function computeAsk(ask: GroupResources, node: Node): ResourceVector {
  const cores = ask.cores ?? 0;
  const cpu = cpuOnNode(ask, node);
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
  if (base.cpu + d.cpu + ask.cpu > capacity.cpu + CPU_EPSILON_MHZ) return 'cpu';
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
const SCALAR_DIMENSIONS = ['cores', 'memory', 'disk', 'pods'] as const;

const ZERO: ResourceVector = Object.freeze({ cpu: 0, cores: 0, memory: 0, disk: 0, pods: 0, extended: Object.freeze({}) }) as ResourceVector;
