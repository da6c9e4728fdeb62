// Behaviour of Nomad's cron dialect. Expected instants were checked against hashicorp/cronexpr v1.1.3
// (see cron-golden.test.ts for the differential test); all instants are written in UTC.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { loadZone, wallOf, type Zone } from './zone.js';
import { CronError, nextLaunch, parseNomadCron, resolveTimeZone, TimeZoneError, type CronSchedule } from './cron.js';

function schedule(expr: string): CronSchedule {
  const s = parseNomadCron(expr);
  if (s instanceof CronError) throw s;
  return s;
}

/** The next `n` launches after `from`, as ISO strings without milliseconds. */
function launches(expr: string | string[], from: string, n: number, tz = 'UTC'): string[] {
  const schedules = (Array.isArray(expr) ? expr : [expr]).map(schedule);
  const out: string[] = [];
  let t = new Date(from);
  for (let i = 0; i < n; i++) {
    const next = nextLaunch(schedules, t, tz);
    if (!next) break;
    out.push(next.toISOString().replace('.000Z', 'Z'));
    t = next;
  }
  return out;
}

describe('field counts follow Nomad, not classic cron', () => {
  it.each([
    // 5 fields: min hour dom month dow.
    ['0 * * * *', ['2026-03-28T11:00:00Z', '2026-03-28T12:00:00Z']],
    // 6 fields add a trailing YEAR: seed 002's "0 * * * * *" is minute 0 of every hour, not every minute.
    ['0 * * * * *', ['2026-03-28T11:00:00Z', '2026-03-28T12:00:00Z']],
    // Nomad's docs example "*/15 * * * * *" therefore means every 15 minutes.
    ['*/15 * * * * *', ['2026-03-28T10:30:00Z', '2026-03-28T10:45:00Z']],
    // 7 fields add a leading SECOND: every 2 seconds (10:17:03 → :04, :06).
    ['*/2 * * * * * *', ['2026-03-28T10:17:04Z', '2026-03-28T10:17:06Z']],
    // sec=30 min=0 hour=9, year 2027 only.
    ['30 0 9 * * * 2027', ['2027-01-01T09:00:30Z', '2027-01-02T09:00:30Z']],
    // A single instant in 2027, then never again.
    ['0 0 9 1 1 * 2027', ['2027-01-01T09:00:00Z']],
  ])('%s after 10:17:03 on 2026-03-28', (expr, expected) => {
    expect(launches(expr, '2026-03-28T10:17:03Z', 2)).toEqual(expected);
  });

  it('ignores fields beyond the seventh, as cronexpr does', () => {
    expect(launches('0 0 9 1 1 * 2027 ignored', '2026-03-28T10:17:03Z', 1)).toEqual(['2027-01-01T09:00:00Z']);
  });
});

describe('predefined schedules', () => {
  it.each([
    ['@hourly', '2026-03-28T11:00:00Z'],
    ['@daily', '2026-03-29T00:00:00Z'],
    ['@weekly', '2026-03-29T00:00:00Z'], // 2026-03-29 is a Sunday
    ['@monthly', '2026-04-01T00:00:00Z'],
    ['@yearly', '2027-01-01T00:00:00Z'],
    ['@annually', '2027-01-01T00:00:00Z'],
  ])('%s', (expr, expected) => {
    expect(launches(expr, '2026-03-28T10:17:03Z', 1)).toEqual([expected]);
  });

  it.each(['@midnight', '@every 5m', '@reboot'])('rejects %s, which cronexpr does not know', (expr) => {
    const result = parseNomadCron(expr);
    expect(result).toBeInstanceOf(CronError);
    expect((result as CronError).message).toContain('is not supported');
  });
});

describe('days of month and week', () => {
  it.each([
    // Both restricted: the 13th OR any Friday (March 2026: Fridays 6, 13, 20, 27).
    ['0 0 13 * 5', '2026-03-01T00:00:00Z', ['2026-03-06T00:00:00Z', '2026-03-13T00:00:00Z', '2026-03-20T00:00:00Z']],
    // L: last day of the month.
    ['0 0 L * *', '2026-02-01T00:00:00Z', ['2026-02-28T00:00:00Z', '2026-03-31T00:00:00Z']],
    // 15W: weekday nearest the 15th (Sun 15 Feb → Mon 16; Sun 15 Mar → Mon 16; Wed 15 Apr).
    ['0 0 15W * *', '2026-02-01T00:00:00Z', ['2026-02-16T00:00:00Z', '2026-03-16T00:00:00Z', '2026-04-15T00:00:00Z']],
    // 5L: last Friday of the month.
    ['0 0 * * 5L', '2026-02-01T00:00:00Z', ['2026-02-27T00:00:00Z', '2026-03-27T00:00:00Z']],
    // 1#2: second Monday.
    ['0 0 * * MON#2', '2026-02-01T00:00:00Z', ['2026-02-09T00:00:00Z', '2026-03-09T00:00:00Z']],
    // Names and ranges: JAN-MAR; 31 March → April is out, next is January 2027.
    ['0 0 * JAN-mar *', '2026-03-31T12:00:00Z', ['2027-01-01T00:00:00Z']],
    // cronexpr quirk kept: a day-of-week range ending in 7 stops at Saturday (5-7 = Fri, Sat).
    ['0 0 * * 5-7', '2026-01-01T00:00:00Z', ['2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z', '2026-01-09T00:00:00Z']],
  ])('%s', (expr, from, expected) => {
    expect(launches(expr, from, expected.length)).toEqual(expected);
  });

  it('returns no launch for a date that never exists (30 February)', () => {
    expect(nextLaunch([schedule('0 0 30 2 *')], new Date('2026-01-01T00:00:00Z'), 'UTC')).toBeUndefined();
  });
});

describe('crons lists', () => {
  it('launches at the earliest next instant of any expression', () => {
    // 09:00 on weekdays (Mon 30 March) or 12:00 at weekends (Sat 28, Sun 29).
    expect(launches(['0 9 * * 1-5', '0 12 * * 6,0'], '2026-03-28T10:00:00Z', 3))
      .toEqual(['2026-03-28T12:00:00Z', '2026-03-29T12:00:00Z', '2026-03-30T09:00:00Z']);
  });

  it('ignores an expression that never fires again', () => {
    expect(launches(['0 0 30 2 *', '0 0 1 * *'], '2026-03-28T10:00:00Z', 1)).toEqual(['2026-04-01T00:00:00Z']);
  });
});

describe('time zones and daylight saving (2026)', () => {
  it.each([
    // London springs forward at 01:00 UTC on 29 March: local 01:30 does not exist, so that day is skipped.
    ['30 1 * * *', 'Europe/London', '2026-03-28T00:00:00Z', ['2026-03-28T01:30:00Z', '2026-03-30T00:30:00Z']],
    // Hourly keeps firing every real hour across the gap (00:00 GMT, 02:00 BST, 03:00 BST).
    ['0 * * * *', 'Europe/London', '2026-03-28T23:30:00Z', ['2026-03-29T00:00:00Z', '2026-03-29T01:00:00Z', '2026-03-29T02:00:00Z']],
    // London falls back at 01:00 UTC on 25 October: local 01:30 happens twice (BST then GMT), both fire.
    ['30 1 * * *', 'Europe/London', '2026-10-24T00:00:00Z',
      ['2026-10-24T00:30:00Z', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z', '2026-10-26T01:30:00Z']],
    // New York springs forward at 02:00 EST on 8 March: 02:30 is skipped that day.
    ['30 2 * * *', 'America/New_York', '2026-03-07T00:00:00Z', ['2026-03-07T07:30:00Z', '2026-03-09T06:30:00Z']],
    // 09:00 local is 14:00 UTC in EST and 13:00 UTC in EDT.
    ['0 9 * * *', 'America/New_York', '2026-03-07T00:00:00Z', ['2026-03-07T14:00:00Z', '2026-03-08T13:00:00Z']],
    // New York falls back at 02:00 EDT on 1 November: 01:30 EDT (05:30Z) and 01:30 EST (06:30Z) both fire.
    ['30 1 * * *', 'America/New_York', '2026-10-31T00:00:00Z',
      ['2026-10-31T05:30:00Z', '2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z', '2026-11-02T06:30:00Z']],
    ['0 9 * * *', 'America/New_York', '2026-10-31T00:00:00Z', ['2026-10-31T13:00:00Z', '2026-11-01T14:00:00Z']],
  ])('%s in %s from %s', (expr, tz, from, expected) => {
    expect(launches(expr, from, expected.length, tz)).toEqual(expected);
  });

  it('treats an empty time zone as UTC, like Nomad', () => {
    expect(launches('0 9 * * *', '2026-03-07T00:00:00Z', 1, '')).toEqual(['2026-03-07T09:00:00Z']);
  });

  it.each([['Mars/Olympus_Mons'], ['Local'], ['+05:00']])('rejects the time zone %s with a clear error', (tz) => {
    const zone = resolveTimeZone(tz);
    expect(zone).toBeInstanceOf(TimeZoneError);
    expect((zone as TimeZoneError).message).toMatch(new RegExp(`^time zone "${tz.replace('+', '\\+')}": `));
    expect(() => nextLaunch([schedule('* * * * *')], new Date(0), tz)).toThrow(TimeZoneError);
  });
});

describe('invalid expressions say what and where', () => {
  it.each([
    ['0 25 * * *', 'cron "0 25 * * *": field 2 (hour) value 25 out of range 0-23'],
    ['60 * * * *', 'cron "60 * * * *": field 1 (minute) value 60 out of range 0-59'],
    ['* * * *', 'cron "* * * *": missing field(s): expected 5 (min hour dom month dow), 6 (… year) or 7 (sec … year), got 4'],
    ['*/0 * * * *', 'cron "*/0 * * * *": field 1 (minute) step 0 in "*/0" out of range 1-59'],
    ['0 */24 * * *', 'cron "0 */24 * * *": field 2 (hour) step 24 in "*/24" out of range 1-23'],
    ['0 0 32 * *', 'cron "0 0 32 * *": field 3 (day-of-month) value 32 out of range 1-31'],
    ['0 0 * foo *', 'cron "0 0 * foo *": field 4 (month) cannot parse "foo" (month accepts 1-12 and JAN-DEC)'],
    ['0 0 * * 8', 'cron "0 0 * * 8": field 5 (day-of-week) value 8 out of range 0-7'],
    ['0 0 * * 5#6', 'cron "0 0 * * 5#6": field 5 (day-of-week) cannot parse "5#6" (day-of-week accepts 0-7, SUN-SAT, ranges, steps, <day>L and <day>#<1-5>)'],
    // A sixth field is the year, so "MON#2" there is a year error (Quartz users beware).
    ['0 12 ? * MON#2 x', 'cron "0 12 ? * MON#2 x": field 6 (year) cannot parse "x"'],
    ['0 0 * * * 2100', 'cron "0 0 * * * 2100": field 6 (year) value 2100 out of range 1970-2099'],
    [', * * * *', 'cron ", * * * *": field 1 (minute) missing directive'],
    // Deviation from Nomad (which accepts it and never launches): a reversed range is an error.
    ['0 20-5 * * *', 'cron "0 20-5 * * *": field 2 (hour) range "20-5" is reversed (first > last); Nomad accepts it but never launches'],
  ])('%s', (expr, message) => {
    const result = parseNomadCron(expr);
    expect(result).toBeInstanceOf(CronError);
    expect((result as CronError).message).toBe(message);
  });
});

describe('properties', () => {
  const field = (min: number, max: number): fc.Arbitrary<string> => fc.oneof(
    fc.constant('*'),
    fc.integer({ min, max }).map(String),
    fc.tuple(fc.integer({ min, max }), fc.integer({ min: 1, max: Math.min(max, 20) })).map(([a, s]) => `${a}/${s}`),
  );
  const expr = fc.tuple(field(0, 59), field(0, 23), field(1, 28), field(1, 12), field(0, 6)).map((f) => f.join(' '));
  const zone = fc.constantFrom('UTC', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe');
  const after = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }).map((ms) => new Date(ms));

  /** Independent oracle for the generated forms (`*`, `n`, `a/s`), with cron's dom-OR-dow rule. */
  const matches = (f: string, v: number): boolean => {
    if (f === '*') return true;
    const [a = '', s] = f.split('/');
    return s === undefined ? Number(a) === v : v >= Number(a) && (v - Number(a)) % Number(s) === 0;
  };
  const wallMatches = (e: string, at: Date, tz: string): boolean => {
    const w = wallOf(at.getTime(), loadZone(tz) as Zone);
    const [mi = '', h = '', dom = '', mo = '', dow = ''] = e.split(' ');
    const day = dom !== '*' && dow !== '*' ? matches(dom, w.day) || matches(dow, w.weekday) : matches(dom, w.day) && matches(dow, w.weekday);
    return w.second === 0 && matches(mi, w.minute) && matches(h, w.hour) && matches(mo, w.month) && day;
  };

  it('the next launch exists, is strictly after `after` and is an instant the expression matches', () => {
    // Every generated expression fires again (day of month ≤ 28, no year field), so "no launch" is a bug too.
    fc.assert(fc.property(expr, zone, after, (e, tz, from) => {
      const next = nextLaunch([schedule(e)], from, tz);
      expect(next).toBeInstanceOf(Date);
      expect(next!.getTime()).toBeGreaterThan(from.getTime());
      expect(wallMatches(e, next!, tz)).toBe(true);
    }), { numRuns: 200 });
  });

  it('parsing never throws: it returns a schedule or a CronError naming the expression', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (s) => {
      const result = parseNomadCron(s);
      if (result instanceof CronError) expect(result.message.startsWith(`cron "${s}": `)).toBe(true);
      else expect(result.expression).toBe(s);
    }));
  });
});
