/**
 * Entry point of kubenomad's cron support: Nomad's cron dialect (hashicorp/cronexpr) evaluated in a
 * `time_zone`, for one `cron` or a `crons` list (the next launch is the earliest of them).
 */
import { nextAfter } from './cron-next.js';
import { CronError, parseNomadCron, type CronSchedule } from './cron-parse.js';
import { loadZone, type Zone } from './zone.js';

export { CronError, parseNomadCron, type CronSchedule } from './cron-parse.js';

/** An unknown or unusable `time_zone`. */
export class TimeZoneError extends Error {
  override readonly name = 'TimeZoneError';
  /** Builds `time zone "<name>": <detail>`. */
  constructor(readonly timeZone: string, detail: string) {
    super(`time zone "${timeZone}": ${detail}`);
  }
}

/** Resolves a Nomad `time_zone` ("" means UTC) or explains why it cannot be used. */
export function resolveTimeZone(timeZone: string): Zone | TimeZoneError {
  const zone = loadZone(timeZone);
  return typeof zone === 'string' ? new TimeZoneError(timeZone, zone) : zone;
}

/** Parses every expression of a `crons` list; all errors are returned, not just the first. */
export function parseNomadCrons(exprs: readonly string[]): CronSchedule[] | CronError[] {
  const parsed = exprs.map(parseNomadCron);
  const errors = parsed.filter((p): p is CronError => p instanceof CronError);
  return errors.length > 0 ? errors : (parsed as CronSchedule[]);
}

/**
 * The earliest instant strictly after `after` at which any schedule fires in `timeZone`, or undefined
 * when none fires again (cronexpr stops at 2099). Throws TimeZoneError for an unknown zone: check it
 * first with resolveTimeZone.
 */
export function nextLaunch(schedules: readonly CronSchedule[], after: Date, timeZone: string | Zone): Date | undefined {
  const zone = typeof timeZone === 'string' ? resolveTimeZone(timeZone) : timeZone;
  if (zone instanceof TimeZoneError) throw zone;
  let best: number | undefined;
  for (const schedule of schedules) {
    const next = nextAfter(schedule, after.getTime(), zone);
    if (next !== undefined && (best === undefined || next < best)) best = next;
  }
  return best === undefined ? undefined : new Date(best);
}

/** Whether the schedule fires exactly at `at` (whole seconds): the next launch after one second before is `at`. */
export function firesAt(schedule: CronSchedule, at: Date, timeZone: string | Zone): boolean {
  if (at.getTime() % 1000 !== 0) return false;
  return nextLaunch([schedule], new Date(at.getTime() - 1000), timeZone)?.getTime() === at.getTime();
}
