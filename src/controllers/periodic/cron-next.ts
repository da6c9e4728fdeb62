/**
 * The next instant a schedule fires, step for step like cronexpr's `Expression.Next`: a fast path that
 * walks year → month → day → hour → minute → second, and a slow path on days with a UTC-offset change
 * that walks the real clock (so a wall time in a spring-forward gap is skipped and one in a fall-back
 * overlap fires twice).
 */
import { matchingDays } from './cron-days.js';
import type { CronSchedule } from './cron-parse.js';
import { addDays, goDate, wallOf, type Zone } from './zone.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** Safety net against a non-terminating walk (cronexpr has none); far above any real expression's need. */
const MAX_STEPS = 200_000;

type Step = { next: number } | { wrap: number } | { never: true };

/** Go's sort.SearchInts: the first index whose value is >= v. */
function lowerBound(list: readonly number[], v: number): number {
  let i = 0;
  while (i < list.length && (list[i] ?? 0) < v) i++;
  return i;
}

/** Next instant strictly after `fromMs` (epoch ms) at which the schedule fires in `zone`, or undefined if none up to 2099. */
export function nextAfter(schedule: CronSchedule, fromMs: number, zone: Zone): number | undefined {
  let t = Math.floor(fromMs / SECOND) * SECOND + SECOND;
  for (let i = 0; i < MAX_STEPS; i++) {
    const step = walk(schedule, t, zone);
    if ('next' in step) return step.next;
    if ('never' in step) return undefined;
    t = step.wrap;
  }
  return undefined;
}

/** One pass from the `WRAP:` label: either an answer or the instant to wrap around from. */
function walk(s: CronSchedule, start: number, zone: Zone): Step {
  let t = start;
  let w = wallOf(t, zone);
  const firstMonth = s.months[0] ?? 1;
  let i = lowerBound(s.years, w.year);
  if (i === s.years.length) return { never: true };
  if (s.years[i] !== w.year) w = wallOf((t = goDate(zone, s.years[i] ?? 0, firstMonth, 1)), zone);

  i = lowerBound(s.months, w.month);
  if (i === s.months.length) return { wrap: goDate(zone, w.year + 1, firstMonth, 1) };
  if (s.months[i] !== w.month) w = wallOf((t = goDate(zone, w.year, s.months[i] ?? 1, 1)), zone);

  const days = matchingDays(s, w.year, w.month);
  i = lowerBound(days, w.day);
  if (i === days.length) return { wrap: goDate(zone, w.year, w.month + 1, 1) };
  if (days[i] !== w.day) {
    t = goDate(zone, w.year, w.month, days[i] ?? 1);
    // No (or two) midnights on this day because of DST: move to the nearest top of the day.
    const hour = wallOf(t, zone).hour;
    if (hour > 12) t += (24 - hour) * HOUR;
    else t -= hour * HOUR;
  }
  return offsetChangesAround(t, zone) ? slowClock(s, t, zone) : fastClock(s, t, zone);
}

/** cronexpr's timeZoneInDay: does the UTC offset differ between the same wall time yesterday and tomorrow? */
function offsetChangesAround(t: number, zone: Zone): boolean {
  if (zone.utc) return false;
  return zone.offsetAt(addDays(t, zone, -1)) !== zone.offsetAt(addDays(t, zone, 1));
}

function fastClock(s: CronSchedule, start: number, zone: Zone): Step {
  let t = start;
  let w = wallOf(t, zone);
  const [firstMinute = 0] = s.minutes;
  const [firstSecond = 0] = s.seconds;
  let i = lowerBound(s.hours, w.hour);
  if (i === s.hours.length) return { wrap: goDate(zone, w.year, w.month, w.day + 1) };
  if (s.hours[i] !== w.hour) w = wallOf((t = goDate(zone, w.year, w.month, w.day, s.hours[i], firstMinute, firstSecond)), zone);

  i = lowerBound(s.minutes, w.minute);
  if (i === s.minutes.length) return { wrap: goDate(zone, w.year, w.month, w.day, w.hour + 1) };
  if (s.minutes[i] !== w.minute) w = wallOf((t = goDate(zone, w.year, w.month, w.day, w.hour, s.minutes[i], firstSecond)), zone);

  i = lowerBound(s.seconds, w.second);
  if (i === s.seconds.length) return { wrap: goDate(zone, w.year, w.month, w.day, w.hour, w.minute + 1) };
  if (s.seconds[i] !== w.second) t = goDate(zone, w.year, w.month, w.day, w.hour, w.minute, s.seconds[i]);
  return { next: t };
}

/** Walks real hours and minutes on a day whose UTC offset changes (hours may last 0, 30, 60 or 90 minutes). */
function slowClock(s: CronSchedule, start: number, zone: Zone): Step {
  let t = start;
  while (!s.hours.includes(wallOf(t, zone).hour)) {
    const hourBefore = wallOf(t, zone).hour;
    t += HOUR;
    if (wallOf(t, zone).hour === hourBefore) t += HOUR;
    t = Math.floor(t / MINUTE) * MINUTE;
    t -= wallOf(t, zone).minute * MINUTE;
    const w = wallOf(t, zone);
    if (w.hour === 0) return { wrap: goDate(zone, w.year, w.month, w.day) };
  }
  while (!s.minutes.includes(wallOf(t, zone).minute)) {
    const hourBefore = wallOf(t, zone).hour;
    t = Math.floor(t / MINUTE) * MINUTE + MINUTE;
    if (wallOf(t, zone).hour !== hourBefore) return { wrap: t };
  }
  const second = wallOf(t, zone).second;
  t = Math.floor(t / MINUTE) * MINUTE;
  const i = lowerBound(s.seconds, second);
  if (i === s.seconds.length) return { wrap: t + MINUTE };
  return { next: t + (s.seconds[i] ?? 0) * SECOND };
}
