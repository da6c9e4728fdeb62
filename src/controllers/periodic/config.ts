/**
 * The effective periodic settings of a job (its `periodic` block, overridden by a Periodic resource)
 * and their validation, as Nomad's `PeriodicConfig.Validate` plus the job-level rules.
 */
import type { NomadJobSpec, PeriodicConfig } from '../../crds/nomadjob-types.js';
import type { PeriodicSpec } from '../../crds/periodic-types.js';
import { CronError, parseNomadCron, resolveTimeZone, TimeZoneError, type CronSchedule } from './cron.js';
import type { Zone } from './zone.js';

/** Nomad's PeriodicConfig with defaults applied (`enabled` true, `time_zone` UTC). */
export interface PeriodicSettings {
  crons: string[];
  timeZone: string;
  prohibitOverlap: boolean;
  enabled: boolean;
  /** Field path of each expression in `crons` (`spec.periodic.cron`, `spec.crons[1]`, ...), for error messages. */
  cronFields: string[];
  /** Field path of `timeZone`. */
  timeZoneField: string;
  /** Set when both `cron` and `crons` were given: the path of that block. */
  bothCronAndCrons?: string;
}

/** Settings ready for planning: parsed schedules and the resolved zone. */
export interface CompiledPeriodic extends PeriodicSettings {
  schedules: CronSchedule[];
  zone: Zone;
}

/** A validation problem, with the field it concerns (e.g. `spec.periodic.crons[1]`). */
export interface PeriodicProblem {
  field: string;
  message: string;
}

/**
 * Merges a Periodic resource's overrides (paths `spec.*`) over the job's `periodic` block (paths
 * `spec.periodic.*`); a `cron` or `crons` override replaces both of the job's. Undefined if neither exists.
 */
export function effectivePeriodic(job: NomadJobSpec, override?: PeriodicSpec): PeriodicSettings | undefined {
  const base: PeriodicConfig | undefined = job.periodic;
  if (!base && !override) return undefined;
  const fromOverride = override?.cron !== undefined || override?.crons !== undefined;
  const schedule = scheduleOf(fromOverride ? override : base, fromOverride ? 'spec' : 'spec.periodic');
  const pick = <K extends 'timeZone' | 'prohibitOverlap' | 'enabled'>(key: K): PeriodicConfig[K] => override?.[key] ?? base?.[key];
  return {
    ...schedule,
    timeZone: pick('timeZone') ?? '',
    timeZoneField: override?.timeZone !== undefined ? 'spec.timeZone' : 'spec.periodic.timeZone',
    prohibitOverlap: pick('prohibitOverlap') ?? false,
    enabled: pick('enabled') ?? true,
  };
}

/** The expressions of one block, with their field paths. */
function scheduleOf(source: { cron?: string; crons?: string[] } | undefined, path: string):
  Pick<PeriodicSettings, 'crons' | 'cronFields' | 'bothCronAndCrons'> {
  const single = source?.cron ? [source.cron] : [];
  const list = source?.crons ?? [];
  return {
    crons: [...single, ...list],
    cronFields: [...single.map(() => `${path}.cron`), ...list.map((_, i) => `${path}.crons[${i}]`)],
    ...(single.length > 0 && list.length > 0 ? { bothCronAndCrons: path } : {}),
  };
}

/** Whether Nomad would track the job and launch children (`Job.IsPeriodicActive`). */
export function isPeriodicActive(job: NomadJobSpec, settings: PeriodicSettings): boolean {
  return settings.enabled && !job.stop && !job.parameterized;
}

/** Validates the settings against the job (Nomad skips the checks of a disabled block) and compiles them. */
export function compilePeriodic(job: NomadJobSpec, settings: PeriodicSettings): CompiledPeriodic | PeriodicProblem[] {
  const problems: PeriodicProblem[] = [];
  if (job.type !== 'batch' && job.type !== 'sysbatch') {
    problems.push({ field: 'spec.type', message: `Periodic can only be used with "batch" or "sysbatch" jobs, not "${job.type ?? 'service'}"` });
  }
  const zone = resolveTimeZone(settings.enabled ? settings.timeZone : '');
  if (zone instanceof TimeZoneError) problems.push({ field: settings.timeZoneField, message: zone.message });
  if (!settings.enabled) return problems.length > 0 ? problems : { ...settings, schedules: [], zone: zone as Zone };
  if (settings.bothCronAndCrons) problems.push({ field: `${settings.bothCronAndCrons}.cron`, message: 'Only cron or crons may be used' });
  if (settings.crons.length === 0) problems.push({ field: 'spec.periodic.crons', message: 'Must specify a spec (cron or crons)' });
  const parsed = settings.crons.map(parseNomadCron);
  parsed.forEach((p, i) => {
    if (p instanceof CronError) problems.push({ field: settings.cronFields[i] ?? 'spec.periodic.crons', message: p.message });
  });
  if (problems.length > 0 || zone instanceof TimeZoneError) return problems;
  return { ...settings, schedules: parsed as CronSchedule[], zone };
}
