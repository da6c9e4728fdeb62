/**
 * Nomad resources → Kubernetes requests and limits.
 *
 * CPU: Nomad's `cpu` is MHz of CPU shares; Kubernetes counts millicores. One core of the chosen node runs at its
 * `cpu.frequency` MHz, so `millicores = ceil(MHz × 1000 / nodeMHz)` (500 MHz on a 2000 MHz node → 250m).
 * `cores = n` reserves whole cores: request = limit = n×1000m. CPU shares are not a cap, so `cpu` sets no limit.
 * Memory: request = `memory` Mi, limit = `memory_max` when set, else `memory`.
 * Devices: `vendor/type[/model]` → `vendor.com/type` extended resources (`nvidia/gpu` → `nvidia.com/gpu`).
 */
import type { DeviceRequest, Resources, Task, TaskGroup } from '../../crds/nomadjob-types.js';
import { DEFAULT_CPU_MHZ, DEFAULT_DISK_MB, DEFAULT_MEMORY_MB, millicoresFor } from '../../placement/units.js';
import type { ResourceRequirements } from './pod-types.js';

// Units and Nomad's defaults live once, in the engine's units module.
export { DEFAULT_CPU_MHZ, DEFAULT_MEMORY_MB, DEFAULT_MHZ_PER_CORE, nodeMhzPerCore, millicoresFor as millicores } from '../../placement/units.js';

/** The Nomad CPU a task reserves in MHz (NOMAD_CPU_LIMIT): cores × node MHz, else cpu, else 100. */
export function taskCpuMhz(resources: Resources | undefined, mhzPerCore: number): number {
  const cores = resources?.cores ?? 0;
  return cores > 0 ? cores * mhzPerCore : (resources?.cpu ?? DEFAULT_CPU_MHZ);
}

/** A device request's Kubernetes extended resource name, or null when it cannot be mapped. */
export function deviceResourceName(device: DeviceRequest): string | null {
  const parts = device.name.split('/');
  if (device.name.includes('.')) return device.name;
  if (parts.length === 1) return parts[0] === 'gpu' ? 'nvidia.com/gpu' : null;
  const [vendor, type] = parts;
  return vendor && type ? `${vendor}.com/${type}` : null;
}

/** Adds a task's devices as extended resources (request = limit); returns messages for unmappable ones. */
function addDevices(task: Task, requests: Record<string, string>, limits: Record<string, string>): string[] {
  const warnings: string[] = [];
  for (const device of task.resources?.devices ?? []) {
    const name = deviceResourceName(device);
    if (name === null) {
      warnings.push(`Task "${task.name}": device "${device.name}" has no Kubernetes resource name; it is ignored`);
      continue;
    }
    requests[name] = limits[name] = String(device.count ?? 1);
  }
  return warnings;
}

/** A task's requests and limits on the chosen node, plus messages for devices that could not be mapped. */
export function taskResources(task: Task, mhzPerCore: number): { resources: ResourceRequirements; warnings: string[] } {
  const res = task.resources ?? {};
  const cores = res.cores ?? 0;
  const memory = res.memory ?? DEFAULT_MEMORY_MB;
  const cpu = cores > 0 ? `${cores}` : `${millicoresFor(taskCpuMhz(res, mhzPerCore), mhzPerCore)}m`;
  const requests: Record<string, string> = { cpu, memory: `${memory}Mi` };
  const limits: Record<string, string> = { memory: `${res.memoryMax && res.memoryMax > 0 ? res.memoryMax : memory}Mi` };
  if (cores > 0) limits.cpu = cpu;
  const warnings = addDevices(task, requests, limits);
  return { resources: { requests, limits }, warnings };
}

/** What one allocation of the group asks of a node, summed over its tasks (the shape placement takes). */
export interface GroupAsk {
  cpu: number;
  /** MHz of each task that asks CPU shares (not `cores`), in task order. */
  taskCpu: number[];
  cores: number;
  memory: number;
  memoryMax: number;
  disk: number;
  devices: Array<{ name: string; count: number }>;
  ports: Array<{ label: string; static?: number; to?: number }>;
}

/** Sums the group's tasks (poststop tasks, which kubenomad does not run, excluded) for placement. */
export function groupAsk(group: TaskGroup): GroupAsk {
  const tasks = group.tasks.filter((t) => t.lifecycle?.hook !== 'poststop');
  const sum = (pick: (r: Resources) => number): number => tasks.reduce((n, t) => n + pick(t.resources ?? {}), 0);
  const ports = [...(group.networks ?? []), ...tasks.flatMap((t) => t.resources?.networks ?? [])].flatMap((n) => n.ports ?? []);
  const shares = tasks.map((t) => t.resources ?? {}).filter((r) => !((r.cores ?? 0) > 0));
  return {
    cpu: sum((r) => ((r.cores ?? 0) > 0 ? 0 : (r.cpu ?? DEFAULT_CPU_MHZ))),
    taskCpu: shares.map((r) => r.cpu ?? DEFAULT_CPU_MHZ),
    cores: sum((r) => r.cores ?? 0),
    memory: sum((r) => r.memory ?? DEFAULT_MEMORY_MB),
    memoryMax: sum((r) => r.memoryMax ?? r.memory ?? DEFAULT_MEMORY_MB),
    disk: group.ephemeralDisk?.size ?? DEFAULT_DISK_MB,
    devices: tasks.flatMap((t) => (t.resources?.devices ?? []).map((d) => ({ name: d.name, count: d.count ?? 1 }))),
    ports: ports.map((p) => ({ label: p.label, static: p.static, to: p.to })),
  };
}
