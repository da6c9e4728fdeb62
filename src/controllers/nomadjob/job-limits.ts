/**
 * The documented bounds of one NomadJob, so no input can make the operator's work or memory unbounded. Checked at
 * admission (the webhook rejects with the field path) and again by the controller, which records a job over them
 * as invalid rather than trying to place it. Configurable per installation (KUBENOMAD_MAX_* / chart `operator.limits`).
 */
import type { NomadJobSpec } from '../../crds/nomadjob-types.js';
import type { SpecProblem } from './spec-checks.js';

/** Bounds of one job. */
export interface JobLimits {
  /** Allocations per job: the sum of the groups' counts. */
  maxAllocationsPerJob: number;
  /** Task groups per job. */
  maxGroups: number;
  /** Tasks per group. */
  maxTasksPerGroup: number;
  /** Size of the spec as JSON, in bytes. */
  maxSpecBytes: number;
  /** Size of a raw HCL jobspec (`spec.hcl`) the webhook translates, in bytes. */
  maxHclBytes: number;
}

/** Defaults: Nomad-sized jobs fit (one group of 100,000 allocations), a hostile one does not. */
export const DEFAULT_JOB_LIMITS: JobLimits = {
  maxAllocationsPerJob: 100_000,
  maxGroups: 64,
  maxTasksPerGroup: 32,
  maxSpecBytes: 512 * 1024,
  // Translation is synchronous (~1 s per 128 KiB on a loaded 2-core machine); real jobspecs are a few KiB.
  maxHclBytes: 64 * 1024,
};

const ENV: Record<keyof JobLimits, string> = {
  maxAllocationsPerJob: 'KUBENOMAD_MAX_ALLOCATIONS_PER_JOB',
  maxGroups: 'KUBENOMAD_MAX_GROUPS_PER_JOB',
  maxTasksPerGroup: 'KUBENOMAD_MAX_TASKS_PER_GROUP',
  maxSpecBytes: 'KUBENOMAD_MAX_SPEC_BYTES',
  maxHclBytes: 'KUBENOMAD_MAX_HCL_BYTES',
};

/** The limits in force: the defaults, each overridden by its KUBENOMAD_MAX_* variable when that is a positive integer. */
export function jobLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): JobLimits {
  const out = { ...DEFAULT_JOB_LIMITS };
  for (const key of Object.keys(ENV) as Array<keyof JobLimits>) {
    const value = Number(env[ENV[key]]);
    if (Number.isSafeInteger(value) && value > 0) out[key] = value;
  }
  return out;
}

/** Where a job exceeds its limits, with the field path of each excess (`bytes`: the spec's size as submitted). */
export function limitProblems(spec: NomadJobSpec, limits: JobLimits = DEFAULT_JOB_LIMITS, bytes = Buffer.byteLength(JSON.stringify(spec))): SpecProblem[] {
  const out: SpecProblem[] = [];
  if (bytes > limits.maxSpecBytes) out.push({ field: 'spec', message: `spec is ${bytes} bytes; at most ${limits.maxSpecBytes} are allowed` });
  const groups = spec.groups ?? [];
  if (groups.length > limits.maxGroups) out.push({ field: 'spec.groups', message: `spec.groups: ${groups.length} groups; at most ${limits.maxGroups} are allowed` });
  groups.forEach((g, i) => {
    const tasks = g.tasks?.length ?? 0;
    if (tasks > limits.maxTasksPerGroup) out.push({ field: `spec.groups[${i}].tasks`, message: `spec.groups[${i}].tasks: ${tasks} tasks; at most ${limits.maxTasksPerGroup} are allowed per group` });
  });
  const total = groups.reduce((n, g) => n + (typeof g.count === 'number' ? g.count : 1), 0);
  if (total > limits.maxAllocationsPerJob) {
    out.push({ field: 'spec.groups', message: `spec.groups: ${total} allocations in all (the sum of count); at most ${limits.maxAllocationsPerJob} are allowed per job` });
  }
  return out;
}
