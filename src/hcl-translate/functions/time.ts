/** Time functions (formatdate, timeadd) over RFC 3339 timestamps, keeping the timestamp's own UTC offset. */
import type { Value } from '../expr/ast.js';
import type { HclFunction } from '../expr/evaluate.js';
import { EvalError, toStr } from '../expr/values.js';
import { parseDuration } from '../../controllers/nomadjob/duration.js';
import { arg, arity } from './args.js';

/** A parsed timestamp: the instant in ms and the offset (minutes east of UTC) it was written with. */
interface Stamp {
  ms: number;
  offset: number;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function parseStamp(text: string, fn: string): Stamp {
  const m = RFC3339.exec(text);
  if (!m) throw new EvalError(`${fn}(): "${text}" is not a valid RFC 3339 timestamp`);
  const [, y, mo, d, h, mi, sec, frac = '', zone = 'Z'] = m;
  const offset = zone.toUpperCase() === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), Math.floor(Number(`0${frac}`) * 1000));
  const check = new Date(local);
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) {
    throw new EvalError(`${fn}(): "${text}" is not a valid RFC 3339 timestamp`);
  }
  return { ms: local - offset * 60_000, offset };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const p2 = (n: number): string => String(n).padStart(2, '0');

function zone(t: Stamp, style: 'Z' | 'ZZZ' | 'ZZZZ' | 'ZZZZZ'): string {
  if (t.offset === 0 && (style === 'Z' || style === 'ZZZ')) return style === 'Z' ? 'Z' : 'UTC';
  const sign = t.offset < 0 ? '-' : '+';
  const abs = Math.abs(t.offset);
  return style === 'ZZZZ' || style === 'ZZZ' ? `${sign}${p2(Math.floor(abs / 60))}${p2(abs % 60)}` : `${sign}${p2(Math.floor(abs / 60))}:${p2(abs % 60)}`;
}

function verb(token: string, t: Stamp): string {
  const d = new Date(t.ms + t.offset * 60_000);
  const h12 = d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12;
  const table: Record<string, () => string> = {
    YYYY: () => String(d.getUTCFullYear()).padStart(4, '0'), YY: () => p2(d.getUTCFullYear() % 100),
    MMMM: () => MONTHS[d.getUTCMonth()] ?? '', MMM: () => (MONTHS[d.getUTCMonth()] ?? '').slice(0, 3),
    MM: () => p2(d.getUTCMonth() + 1), M: () => String(d.getUTCMonth() + 1),
    DD: () => p2(d.getUTCDate()), D: () => String(d.getUTCDate()),
    EEEE: () => DAYS[d.getUTCDay()] ?? '', EEE: () => (DAYS[d.getUTCDay()] ?? '').slice(0, 3),
    hh: () => p2(d.getUTCHours()), h: () => String(d.getUTCHours()),
    HH: () => p2(h12), H: () => String(h12),
    AA: () => (d.getUTCHours() < 12 ? 'AM' : 'PM'), aa: () => (d.getUTCHours() < 12 ? 'am' : 'pm'),
    mm: () => p2(d.getUTCMinutes()), m: () => String(d.getUTCMinutes()),
    ss: () => p2(d.getUTCSeconds()), s: () => String(d.getUTCSeconds()),
    Z: () => zone(t, 'Z'), ZZZ: () => zone(t, 'ZZZ'), ZZZZ: () => zone(t, 'ZZZZ'), ZZZZZ: () => zone(t, 'ZZZZZ'),
  };
  const f = table[token];
  if (!f) throw new EvalError(`formatdate(): invalid date format verb "${token}"`);
  return f();
}

/** Renders `t` with cty's formatdate verbs (`YYYY-MM-DD`, `hh:mm`, `EEE`, `'literal'`). */
function formatDate(spec: string, t: Stamp): string {
  let out = '';
  for (let i = 0; i < spec.length; ) {
    const c = spec[i] ?? '';
    if (c === "'") {
      const end = spec.indexOf("'", i + 1);
      if (end < 0) throw new EvalError('formatdate(): unterminated literal in the format');
      out += end === i + 1 ? "'" : spec.slice(i + 1, end);
      i = end + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (spec[j] === c) j++;
      out += verb(spec.slice(i, j), t);
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function rfc3339(t: Stamp): string {
  return formatDate(`YYYY-MM-DD'T'hh:mm:ss${t.offset === 0 ? "'Z'" : 'ZZZZZ'}`, t);
}

function timeadd(a: Value[]): Value {
  arity(a, 'timeadd', 2);
  const t = parseStamp(toStr(arg(a, 0, 'timeadd'), 'timeadd() timestamp'), 'timeadd');
  const text = toStr(arg(a, 1, 'timeadd'), 'timeadd() duration');
  const negative = text.startsWith('-');
  const ms = parseDuration(text.replace(/^[-+]/, ''));
  if (ms === undefined) throw new EvalError(`timeadd(): "${text}" is not a valid duration`);
  return rfc3339({ ...t, ms: t.ms + (negative ? -ms : ms) });
}

/** Time functions by name. */
export const timeFunctions: Record<string, HclFunction> = {
  formatdate: (a) => (arity(a, 'formatdate', 2), formatDate(toStr(arg(a, 0, 'formatdate')), parseStamp(toStr(arg(a, 1, 'formatdate')), 'formatdate'))),
  timeadd,
};
