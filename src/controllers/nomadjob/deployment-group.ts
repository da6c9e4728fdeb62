/**
 * Progress of one group in a deployment, counted from its allocations (level-based): how many of the deployment's
 * version are placed, healthy and unhealthy, how many are in flight (placed, not yet healthy), whether allocations
 * of older versions still run, and when the count changes next by the clock alone.
 */
import type { DeploymentGroupState } from '../../crds/nomadjob-types.js';
import { allocHealth } from './alloc-health.js';
import { allocStatus, isTerminal, type NodeState, type ObservedAlloc } from './observed.js';
import type { ResolvedUpdate } from './update-strategy.js';

/** What a group's progress is counted from. */
export interface GroupInput {
  /** The group's allocations, terminating ones excluded. */
  allocs: ObservedAlloc[];
  nodes: Readonly<Record<string, NodeState>>;
  /** The group's version hash at the deployment's job version. */
  version: string;
  update: ResolvedUpdate;
  count: number;
  nowMs: number;
}

/** A group's counts and what the deployment decides from them. */
export interface GroupProgress {
  placed: number;
  healthy: number;
  unhealthy: number;
  /** Placed, active and not yet healthy: they hold max_parallel slots. */
  inFlight: number;
  /** Active allocations of older versions. */
  outdated: number;
  /** When the latest healthy allocation turned healthy (epoch ms). */
  lastHealthyMs?: number;
  /** When a pending allocation turns healthy or unhealthy by the clock (epoch ms). */
  recheckAtMs?: number;
}

/** Counts one group's allocations against the deployment's version. */
export function groupProgress(input: GroupInput): GroupProgress {
  const out: GroupProgress = { placed: 0, healthy: 0, unhealthy: 0, inFlight: 0, outdated: 0 };
  for (const alloc of input.allocs) {
    if (alloc.index >= input.count) continue; // stopped by the scale-down
    const status = allocStatus(alloc.pod, input.nodes);
    if (alloc.version !== input.version) {
      if (!isTerminal(status)) out.outdated++;
      continue;
    }
    out.placed++;
    const health = allocHealth(alloc.pod, status, input.update, input.nowMs);
    if (health.state === 'healthy') {
      out.healthy++;
      out.lastHealthyMs = Math.max(out.lastHealthyMs ?? 0, health.sinceMs);
    } else if (health.state === 'unhealthy') {
      out.unhealthy++;
    } else {
      out.inFlight++;
      if (health.recheckAtMs !== undefined) out.recheckAtMs = Math.min(out.recheckAtMs ?? Infinity, health.recheckAtMs);
    }
  }
  return out;
}

/** Every allocation of the group runs the deployment's version and is healthy. */
export function groupComplete(state: DeploymentGroupState, progress: GroupProgress): boolean {
  return progress.healthy >= state.desiredTotal && progress.outdated === 0 && (state.desiredCanaries === 0 || state.promoted);
}

/** Destructive updates the group may start now (Nomad's computeLimit): max_parallel minus those in flight. */
export function destructiveBudget(update: ResolvedUpdate, progress: GroupProgress): number {
  if (progress.unhealthy > 0) return 0; // an unhealthy allocation stops the rollout
  return Math.max(0, update.maxParallel - progress.inFlight);
}
