/**
 * The days of one month that a schedule matches. As in cronexpr (and the crontab man page): when both
 * day-of-month and day-of-week are restricted (not `*` or `?`), a day matches if EITHER matches.
 */
import type { CronSchedule } from './cron-parse.js';
import { daysInMonth, weekdayOf } from './zone.js';

/** cronexpr's dowNormalizedOffsets: the days of a month falling on the same weekday as index+1. */
const SAME_WEEKDAY = [
  [1, 8, 15, 22, 29], [2, 9, 16, 23, 30], [3, 10, 17, 24, 31],
  [4, 11, 18, 25], [5, 12, 19, 26], [6, 13, 20, 27], [7, 14, 21, 28],
];

/** Sorted days (1-31) of `year`-`month` on which the schedule may fire. */
export function matchingDays(schedule: CronSchedule, year: number, month: number): number[] {
  const lastDay = daysInMonth(year, month);
  const { daysOfMonth: dom, daysOfWeek: dow } = schedule;
  if (!dom.restricted && !dow.restricted) return Array.from({ length: lastDay }, (_, i) => i + 1);
  const days = new Set<number>();
  if (dom.restricted) addDomDays(days, schedule, year, month, lastDay);
  if (dow.restricted) addDowDays(days, schedule, year, month, lastDay);
  return [...days].sort((a, b) => a - b);
}

function addDomDays(days: Set<number>, schedule: CronSchedule, year: number, month: number, lastDay: number): void {
  const dom = schedule.daysOfMonth;
  if (dom.last) days.add(lastDay);
  if (dom.lastWorkday) days.add(nearestWorkday(year, month, lastDay, lastDay));
  for (const d of dom.days) if (d <= lastDay) days.add(d);
  // `15W`: the weekday nearest the 15th, without crossing the month boundary.
  for (const d of dom.workdays) if (d <= lastDay) days.add(nearestWorkday(year, month, d, lastDay));
}

function addDowDays(days: Set<number>, schedule: CronSchedule, year: number, month: number, lastDay: number): void {
  const dow = schedule.daysOfWeek;
  // offset: how far the first Sunday is from the 1st (7 when the 1st is a Sunday).
  const offset = 7 - weekdayOf(year, month, 1);
  for (const v of dow.days) {
    for (const d of SAME_WEEKDAY[(offset + v) % 7] ?? []) if (d <= lastDay) days.add(d);
  }
  // `5#3` is stored as (3-1)*7+5: the 1st of the month + 2 weeks + the offset to the first Friday.
  for (const v of dow.nth) {
    const d = 1 + 7 * Math.floor(v / 7) + ((offset + v) % 7);
    if (d <= lastDay) days.add(d);
  }
  // `5L`: the Friday within the last seven days of the month.
  const lastWeekStart = lastDay - 6;
  const lastOffset = 7 - weekdayOf(year, month, lastWeekStart);
  for (const v of dow.last) days.add(lastWeekStart + ((lastOffset + v) % 7));
}

/** cronexpr's workdayOfMonth: Saturday → Friday (or Monday the 3rd), Sunday → Monday (or Friday before the last day). */
function nearestWorkday(year: number, month: number, day: number, lastDay: number): number {
  const weekday = weekdayOf(year, month, day);
  if (weekday === 6) return day > 1 ? day - 1 : day + 2;
  if (weekday === 0) return day < lastDay ? day + 1 : day - 2;
  return day;
}
