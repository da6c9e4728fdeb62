/**
 * Parser of Nomad's cron dialect (hashicorp/cronexpr v1.1.3). 5 fields: min hour dom month dow;
 * 6 fields: min hour dom month dow YEAR; 7 fields: SEC min hour dom month dow year; fields beyond
 * the 7th are ignored, as in cronexpr. See README.md for the quirks kept and the one deviation.
 */
import { explainEntry, parseEntry, splitEntries, type Directive } from './cron-entry.js';
import {
  ALIASES, DAY_OF_MONTH, DAY_OF_WEEK, HOUR, MINUTE, MONTH, SECOND, YEAR, layout, type FieldDescriptor,
} from './cron-fields.js';

/** Day-of-month part of a schedule: plain days, `<d>W`, `L`, `LW`. */
export interface DaysOfMonth {
  readonly restricted: boolean;
  readonly days: ReadonlySet<number>;
  readonly workdays: ReadonlySet<number>;
  readonly last: boolean;
  readonly lastWorkday: boolean;
}

/** Day-of-week part: plain weekdays, `<d>#<n>` (encoded (n-1)*7+d) and `<d>L`. */
export interface DaysOfWeek {
  readonly restricted: boolean;
  readonly days: ReadonlySet<number>;
  readonly nth: ReadonlySet<number>;
  readonly last: ReadonlySet<number>;
}

/** A parsed cron expression: sorted value lists per field plus the day rules. */
export interface CronSchedule {
  readonly expression: string;
  readonly seconds: readonly number[];
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly months: readonly number[];
  readonly years: readonly number[];
  readonly daysOfMonth: DaysOfMonth;
  readonly daysOfWeek: DaysOfWeek;
}

/** Why a cron expression or time zone was rejected; `field` is 1-based in the (alias-expanded) expression. */
export class CronError extends Error {
  override readonly name = 'CronError';
  /** Builds `cron "<expr>": field <n> (<name>) <detail>`. */
  constructor(readonly expression: string, readonly detail: string, readonly field?: number, readonly fieldName?: string) {
    super(`cron "${expression}": ${field === undefined ? '' : `field ${field} (${fieldName ?? '?'}) `}${detail}`);
  }
}

const ORDER_7 = [SECOND, MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK, YEAR];
const ORDER_6 = ORDER_7.slice(1);
const ORDER_5 = ORDER_7.slice(1, 6);

/** Parses an expression the way Nomad does; returns a CronError (never throws) when it is invalid. */
export function parseNomadCron(expr: string): CronSchedule | CronError {
  let line = expr;
  for (const [alias, expansion] of ALIASES) line = line.replaceAll(alias, expansion);
  const fields = line.match(/[^\t\n\f\r ]+/g) ?? [];
  if (fields.length < 5) return new CronError(expr, missingFields(fields));
  const count = Math.min(fields.length, 7);
  const order = count === 7 ? ORDER_7 : count === 6 ? ORDER_6 : ORDER_5;
  const parts: Partial<Record<FieldDescriptor['name'], FieldResult>> = {};
  for (const [i, desc] of order.entries()) {
    const result = parseField(fields[i] ?? '', desc);
    if (typeof result === 'string') return new CronError(expr, result, i + 1, desc.name);
    parts[desc.name] = result;
  }
  const list = (d: FieldDescriptor, fallback: number[]): number[] => (parts[d.name] as number[] | undefined) ?? fallback;
  return {
    expression: expr,
    seconds: list(SECOND, [0]),
    minutes: list(MINUTE, []),
    hours: list(HOUR, []),
    months: list(MONTH, []),
    years: list(YEAR, fullRange(YEAR)),
    daysOfMonth: parts['day-of-month'] as DaysOfMonth,
    daysOfWeek: parts['day-of-week'] as DaysOfWeek,
  };
}

type FieldResult = number[] | DaysOfMonth | DaysOfWeek;

/** One field's values, or an error detail. */
function parseField(text: string, desc: FieldDescriptor): FieldResult | string {
  const directives = directivesOf(text, desc);
  if (typeof directives === 'string') return directives;
  if (desc === DAY_OF_MONTH) return daysOfMonth(directives);
  if (desc === DAY_OF_WEEK) return daysOfWeek(directives);
  return valueList(directives, desc);
}

/** Parses and collects the entries of a field, stopping at the first step error. */
function directivesOf(text: string, desc: FieldDescriptor): Directive[] | string {
  const entries = splitEntries(text);
  if (entries.length === 0) return 'missing directive';
  const out: Directive[] = [];
  for (const entry of entries) {
    const d = parseEntry(entry, desc);
    if (typeof d === 'string') return d;
    if (d.kind === 'span' && desc === DAY_OF_WEEK && d.last === 0) d.last = 6; // cronexpr: "5-7" means 5-6
    if (d.kind === 'span' && d.first > d.last) {
      return `range "${entry}" is reversed (first > last); Nomad accepts it but never launches`;
    }
    out.push(d);
  }
  return out;
}

function missingFields(fields: string[]): string {
  const alias = fields.find((f) => f.startsWith('@'));
  if (alias) return `"${alias}" is not supported (Nomad accepts @yearly, @annually, @monthly, @weekly, @daily, @hourly)`;
  return `missing field(s): expected 5 (min hour dom month dow), 6 (… year) or 7 (sec … year), got ${fields.length}`;
}

function fullRange(desc: FieldDescriptor): number[] {
  return Array.from({ length: desc.max - desc.min + 1 }, (_, i) => desc.min + i);
}

function addSpan(set: Set<number>, first: number, last: number, step: number): void {
  for (let v = first; v <= last; v += step) set.add(v);
}

function sorted(set: Set<number>): number[] {
  return [...set].sort((a, b) => a - b);
}

/** cronexpr's genericFieldHandler: a `*` anywhere after the valid entries means every value. */
function valueList(directives: Directive[], desc: FieldDescriptor): number[] | string {
  const values = new Set<number>();
  for (const d of directives) {
    if (d.kind === 'none') return explainEntry(d.text, desc);
    if (d.kind === 'all') return fullRange(desc);
    if (d.kind === 'one') values.add(d.value);
    else addSpan(values, d.first, d.last, d.step);
  }
  return sorted(values);
}

function daysOfMonth(directives: Directive[]): DaysOfMonth | string {
  const days = new Set<number>();
  const workdays = new Set<number>();
  let restricted = true;
  let last = false;
  let lastWorkday = false;
  for (const d of directives) {
    if (d.kind === 'one') days.add(d.value);
    else if (d.kind === 'span') addSpan(days, d.first, d.last, d.step);
    else if (d.kind === 'all') { addSpan(days, 1, 31, 1); restricted = false; }
    else {
      const s = d.text.toLowerCase();
      const w = layout('^(%value%)w$', DAY_OF_MONTH).exec(s);
      if (s === 'l') last = true;
      else if (s === 'lw') lastWorkday = true;
      else if (w) workdays.add(DAY_OF_MONTH.atoi(w[1] ?? ''));
      else return explainEntry(d.text, DAY_OF_MONTH);
    }
  }
  return { restricted, days, workdays, last, lastWorkday };
}

function daysOfWeek(directives: Directive[]): DaysOfWeek | string {
  const days = new Set<number>();
  const nth = new Set<number>();
  const last = new Set<number>();
  let restricted = true;
  for (const d of directives) {
    if (d.kind === 'one') days.add(d.value);
    else if (d.kind === 'span') addSpan(days, d.first, d.last, d.step);
    else if (d.kind === 'all') { addSpan(days, 0, 6, 1); restricted = false; }
    else {
      const s = d.text.toLowerCase();
      const l = layout('^(%value%)l$', DAY_OF_WEEK).exec(s);
      const n = layout('^(%value%)#([1-5])$', DAY_OF_WEEK).exec(s);
      if (l) last.add(DAY_OF_WEEK.atoi(l[1] ?? ''));
      else if (n) nth.add((Number(n[2]) - 1) * 7 + (DAY_OF_WEEK.atoi(n[1] ?? '') % 7));
      else return explainEntry(d.text, DAY_OF_WEEK);
    }
  }
  return { restricted, days, nth, last };
}
