/**
 * Field descriptors of Nomad's cron dialect (hashicorp/cronexpr v1.1.3): value ranges, accepted
 * spellings and the token tables that turn a spelling into a number.
 */

/** One cron field: its name, range and the spellings of a single value. */
export interface FieldDescriptor {
  readonly name: 'second' | 'minute' | 'hour' | 'day-of-month' | 'month' | 'day-of-week' | 'year';
  readonly min: number;
  readonly max: number;
  /** Regular-expression alternatives for one value (lower case). */
  readonly valuePattern: string;
  /** Value of a spelling; unknown spellings are 0, like a Go map lookup (so day-of-week "05" is Sunday). */
  atoi(token: string): number;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** cronexpr's numberTokens: 0-59, 00-09 and the years 1970-2099. */
const NUMBER_TOKENS = new Map<string, number>([
  ...range(0, 59).map((n): [string, number] => [String(n), n]),
  ...range(0, 9).map((n): [string, number] => [`0${n}`, n]),
  ...range(1970, 2099).map((n): [string, number] => [String(n), n]),
]);

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_LONG = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_TOKENS = new Map<string, number>([
  ...range(1, 12).map((n): [string, number] => [String(n), n]),
  ...range(1, 9).map((n): [string, number] => [`0${n}`, n]),
  ...MONTH_NAMES.map((s, i): [string, number] => [s, i + 1]),
  ...MONTH_LONG.map((s, i): [string, number] => [s, i + 1]),
]);

const DOW_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DOW_LONG = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
/** Note: no "01".."07" here, as in cronexpr, although its pattern accepts them: they read as 0 (Sunday). */
const DOW_TOKENS = new Map<string, number>([
  ...range(0, 6).map((n): [string, number] => [String(n), n]),
  ['7', 0],
  ...DOW_NAMES.map((s, i): [string, number] => [s, i]),
  ...DOW_LONG.map((s, i): [string, number] => [s, i]),
]);

/** Go's `numberTokens[s]` (0 when absent); also used for step values. */
export function numberToken(token: string): number {
  return NUMBER_TOKENS.get(token) ?? 0;
}

const generic = (name: FieldDescriptor['name'], min: number, max: number, valuePattern: string): FieldDescriptor =>
  ({ name, min, max, valuePattern, atoi: numberToken });

/** Seconds (only in 7-field expressions). */
export const SECOND = generic('second', 0, 59, '0?[0-9]|[1-5][0-9]');
/** Minutes. */
export const MINUTE = generic('minute', 0, 59, '0?[0-9]|[1-5][0-9]');
/** Hours. */
export const HOUR = generic('hour', 0, 23, '0?[0-9]|1[0-9]|2[0-3]');
/** Days of the month. */
export const DAY_OF_MONTH = generic('day-of-month', 1, 31, '0?[1-9]|[12][0-9]|3[01]');
/** Years (6- and 7-field expressions). */
export const YEAR = generic('year', 1970, 2099, '19[789][0-9]|20[0-9]{2}');
/** Months, by number or English name. */
export const MONTH: FieldDescriptor = {
  name: 'month', min: 1, max: 12,
  valuePattern: ['0?[1-9]', '1[012]', ...MONTH_NAMES, ...MONTH_LONG].join('|'),
  atoi: (s) => MONTH_TOKENS.get(s) ?? 0,
};
/** Days of the week, 0-7 (0 and 7 are Sunday) or English name. */
export const DAY_OF_WEEK: FieldDescriptor = {
  name: 'day-of-week', min: 0, max: 6,
  valuePattern: ['0?[0-7]', ...DOW_NAMES, ...DOW_LONG].join('|'),
  atoi: (s) => DOW_TOKENS.get(s) ?? 0,
};

/** The aliases cronexpr expands (textually, anywhere in the line); `@midnight`, `@reboot`, `@every` are not among them. */
export const ALIASES: ReadonlyArray<readonly [string, string]> = [
  ['@yearly', '0 0 0 1 1 * *'],
  ['@annually', '0 0 0 1 1 * *'],
  ['@monthly', '0 0 0 1 * * *'],
  ['@weekly', '0 0 0 * * 0 *'],
  ['@daily', '0 0 0 * * * *'],
  ['@hourly', '0 0 * * * * *'],
];

const regexCache = new Map<string, RegExp>();

/** Compiles a layout such as `^(%value%)-(%value%)$` for a descriptor (cached). */
export function layout(template: string, desc: FieldDescriptor): RegExp {
  const source = template.replaceAll('%value%', desc.valuePattern);
  let re = regexCache.get(source);
  if (!re) {
    re = new RegExp(source);
    regexCache.set(source, re);
  }
  return re;
}
