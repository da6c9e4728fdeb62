/**
 * The `update` block as Nomad applies it (api `TaskGroup.Canonicalize`, structs `DefaultUpdateStrategy`): a service
 * job without one gets the defaults; a group block is merged field by field over the job block; `max_parallel = 0`
 * turns deployments off for the group (every destructive change happens at once). Only service jobs deploy.
 */
import type { NomadJobSpec, TaskGroup, UpdateStrategy } from '../../crds/nomadjob-types.js';
import { durationOr } from './duration.js';

/** How health is decided: `checks` (pod readiness until checks become probes), `task_states` (containers running), `manual`. */
export type HealthCheckMode = NonNullable<UpdateStrategy['healthCheck']>;

/** A group's update strategy with Nomad's defaults filled in and durations in milliseconds. */
export interface ResolvedUpdate {
  maxParallel: number;
  healthCheck: HealthCheckMode;
  minHealthyTimeMs: number;
  healthyDeadlineMs: number;
  /** 0: the deployment fails on the first unhealthy allocation instead of at a deadline. */
  progressDeadlineMs: number;
  autoRevert: boolean;
  autoPromote: boolean;
  canary: number;
  staggerMs: number;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** Nomad's DefaultUpdateStrategy. */
export const DEFAULT_UPDATE: Readonly<ResolvedUpdate> = {
  maxParallel: 1, healthCheck: 'checks', minHealthyTimeMs: 10 * SECOND, healthyDeadlineMs: 5 * MINUTE,
  progressDeadlineMs: 10 * MINUTE, autoRevert: false, autoPromote: false, canary: 0, staggerMs: 30 * SECOND,
};

/** The group's merged `update` block (group fields over job fields), before defaults; undefined when neither has one. */
export function mergedUpdate(spec: NomadJobSpec, group: TaskGroup): UpdateStrategy | undefined {
  if (spec.update === undefined && group.update === undefined) return undefined;
  return { ...spec.update, ...group.update };
}

/** The group's update strategy with defaults (service jobs), or null when the group does not deploy. */
export function resolveUpdate(spec: NomadJobSpec, group: TaskGroup): ResolvedUpdate | null {
  if ((spec.type ?? 'service') !== 'service') return null;
  const u = mergedUpdate(spec, group) ?? {};
  const d = DEFAULT_UPDATE;
  const resolved: ResolvedUpdate = {
    maxParallel: u.maxParallel ?? d.maxParallel,
    healthCheck: u.healthCheck ?? d.healthCheck,
    minHealthyTimeMs: durationOr(u.minHealthyTime, d.minHealthyTimeMs),
    healthyDeadlineMs: durationOr(u.healthyDeadline, d.healthyDeadlineMs),
    progressDeadlineMs: durationOr(u.progressDeadline, d.progressDeadlineMs),
    autoRevert: u.autoRevert ?? d.autoRevert,
    autoPromote: u.autoPromote ?? d.autoPromote,
    canary: u.canary ?? d.canary,
    staggerMs: durationOr(u.stagger, d.staggerMs),
  };
  return resolved.maxParallel > 0 ? resolved : null;
}
