/**
 * Nomad's units and defaults at the engine boundary, in one place. The engine counts CPU in MHz (Nomad's CpuShares)
 * and memory/disk in MB; Kubernetes counts CPU in millicores and memory in Mi (taken 1:1 as MB, as Nomad's MB are
 * MiB). A node's clock is its `cpu.frequency` fingerprint (MHz per core), else 1000 MHz.
 *
 * Kubernetes grants CPU in whole millicores, so on a Kubernetes node (`Node.millicoreCpu`) an ask of `m` MHz holds
 * `ceil(m × 1000 / clock)` millicores, which is `millicores × clock / 1000` MHz: the engine counts exactly what the
 * pod will hold, never less (that is how a node stays never over-committed).
 */
import type { NodeFingerprint } from '../crds/node-labels.js';

/** Nomad's defaults when a task says nothing (DefaultResources, ephemeral_disk). */
export const DEFAULT_CPU_MHZ = 100;
export const DEFAULT_MEMORY_MB = 300;
export const DEFAULT_DISK_MB = 300;
/** MHz per core when the node has no `cpu.frequency` fingerprint. */
export const DEFAULT_MHZ_PER_CORE = 1000;
/**
 * Slack when comparing CPU sums: MHz derived from millicores are fractions, and float sums drift by ~1e-12.
 * One millicore is at least 0.001 MHz, so this slack can never let a whole millicore through.
 */
export const CPU_EPSILON_MHZ = 1e-6;

/** The node's MHz per core: its `cpu.frequency` attribute, else `fallback` (1000). */
export function nodeMhzPerCore(node: NodeFingerprint, fallback = DEFAULT_MHZ_PER_CORE): number {
  const mhz = Number(node.attributes['cpu.frequency']);
  return Number.isFinite(mhz) && mhz > 0 ? mhz : fallback;
}

/** Millicores a pod requests for `mhz` on a node whose cores run at `mhzPerCore` (rounded up, at least 1). */
export function millicoresFor(mhz: number, mhzPerCore: number): number {
  return Math.max(1, Math.ceil((mhz * 1000) / mhzPerCore));
}

/** MHz that `millicores` hold on a node whose cores run at `mhzPerCore` (exact, may be fractional). */
export function mhzOfMillicores(millicores: number, mhzPerCore: number): number {
  return (millicores * mhzPerCore) / 1000;
}

/** What CPU asks hold on a node, in MHz: per-task MHz each rounded up to whole millicores, or raw millicores. */
export interface CpuAsk {
  /** MHz per task (Nomad `cpu`); each task is its own container, rounded on its own. */
  taskMhz: number[];
  /** A Kubernetes pod's own CPU request in millicores (pods kubenomad did not create). */
  millicores?: number;
}

/** MHz the asks hold on a node of `mhzPerCore`; `millicoreCpu` is true for Kubernetes nodes. */
export function cpuHeld(ask: CpuAsk, mhzPerCore: number, millicoreCpu: boolean): number {
  if (ask.millicores !== undefined) return mhzOfMillicores(ask.millicores, mhzPerCore);
  if (!millicoreCpu) return ask.taskMhz.reduce((a, b) => a + b, 0);
  return mhzOfMillicores(ask.taskMhz.reduce((sum, mhz) => sum + millicoresFor(mhz, mhzPerCore), 0), mhzPerCore);
}
