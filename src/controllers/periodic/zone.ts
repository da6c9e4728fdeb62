/**
 * Wall-clock arithmetic in an IANA time zone, with Go's `time` package semantics (what Nomad's cron
 * library relies on): `goDate` normalises out-of-range fields and resolves DST gaps and overlaps the
 * way Go's `time.Date` does. Instants are epoch milliseconds; zones come from `Intl` (ICU tzdata).
 */

/** A loaded time zone (Go's `*time.Location`). `utc` marks Go's `time.UTC` singleton. */
export interface Zone {
  readonly name: string;
  readonly utc: boolean;
  /** Offset east of UTC, in milliseconds, at the instant `ms`. */
  offsetAt(ms: number): number;
}

/** Calendar fields of an instant in a zone (month 1-12, weekday 0 = Sunday). */
export interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

/** The UTC zone (Go's `time.UTC`). */
export const UTC_ZONE: Zone = { name: 'UTC', utc: true, offsetAt: () => 0 };

const zoneCache = new Map<string, Zone>();

/**
 * Loads a zone like Go's `time.LoadLocation`: "" and "UTC" are UTC; other names must be IANA names.
 * Returns an error message for unknown names ("Local" is refused: it would depend on the operator's host).
 */
export function loadZone(name: string): Zone | string {
  if (name === '' || name === 'UTC') return UTC_ZONE;
  const cached = zoneCache.get(name);
  if (cached) return cached;
  if (name === 'Local') return 'time zone "Local" depends on the operator\'s host; use an IANA name such as "Europe/London"';
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return `unknown time zone "${name}"`;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: name, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
    });
  } catch {
    return `unknown time zone "${name}"`;
  }
  const zone: Zone = { name, utc: false, offsetAt: (ms) => intlOffset(format, ms) };
  zoneCache.set(name, zone);
  return zone;
}

function intlOffset(format: Intl.DateTimeFormat, ms: number): number {
  const seconds = Math.floor(ms / 1000) * 1000;
  const f: Record<string, number> = {};
  let bc = false;
  for (const part of format.formatToParts(seconds)) {
    if (part.type === 'era') bc = part.value === 'BC';
    else if (part.type !== 'literal') f[part.type] = Number(part.value);
  }
  const year = bc ? 1 - (f['year'] ?? 0) : (f['year'] ?? 0);
  const wall = utcMs(year, f['month'] ?? 1, f['day'] ?? 1, f['hour'] ?? 0, f['minute'] ?? 0, f['second'] ?? 0);
  return wall - seconds;
}

/** Date.UTC without the 0-99 → 1900s year mapping; normalises overflowing fields like Go does. */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

/** Calendar fields of the instant `ms` in `zone` (Go's t.Year(), t.Month(), ... , t.Weekday()). */
export function wallOf(ms: number, zone: Zone): Wall {
  const d = new Date(ms + zone.offsetAt(ms));
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), weekday: d.getUTCDay(),
  };
}

/**
 * Go's `time.Date(year, month, day, hour, min, sec, 0, loc)`: fields may overflow (month 13, day 32,
 * hour 24) and are normalised; a wall time in a DST gap or overlap resolves to `wall - offset(wall - offset(wall))`,
 * which is exactly Go's two-step zone lookup.
 */
export function goDate(zone: Zone, year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const wall = utcMs(year, month, day, hour, minute, second);
  if (zone.utc) return wall;
  return wall - zone.offsetAt(wall - zone.offsetAt(wall));
}

/** Go's `t.AddDate(0, 0, days)`: the same wall clock `days` calendar days later, re-resolved in the zone. */
export function addDays(ms: number, zone: Zone, days: number): number {
  const w = wallOf(ms, zone);
  return goDate(zone, w.year, w.month, w.day + days, w.hour, w.minute, w.second);
}

/** Number of days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  return new Date(utcMs(year, month + 1, 0, 0, 0, 0)).getUTCDate();
}

/** Weekday (0 = Sunday) of a calendar date. */
export function weekdayOf(year: number, month: number, day: number): number {
  return new Date(utcMs(year, month, day, 0, 0, 0)).getUTCDay();
}
