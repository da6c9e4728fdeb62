/** Converts evaluated attribute values to the schema's types, with messages that say what was expected. */
import type { AttrType } from '../schema/types.js';
import { isObj } from '../walk.js';

/** A converted value or what was wrong with it. */
export type Coerced = { ok: true; value: unknown } | { ok: false; expected: string };

const DURATION = /^-?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const RUNTIME = /\$\{[^}]*\}/;

/** Describes a value for error messages (`string "abc"`, `list`, ...). */
export function describe(v: unknown): string {
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (Array.isArray(v)) return 'a list';
  if (isObj(v)) return 'an object';
  return v === null ? 'null' : `${typeof v} ${String(v)}`;
}

function scalarString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function number(v: unknown, int: boolean): Coerced {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n) || (int && !Number.isInteger(n))) return { ok: false, expected: int ? 'a whole number' : 'a number' };
  return { ok: true, value: n };
}

function mergeBodies(v: unknown): Record<string, unknown> | undefined {
  if (isObj(v)) return v;
  if (Array.isArray(v) && v.every(isObj)) return Object.assign({}, ...v) as Record<string, unknown>;
  return undefined;
}

function stringMap(v: unknown, lists: boolean): Coerced {
  const m = mergeBodies(v);
  if (!m) return { ok: false, expected: lists ? 'a map of string lists' : 'a map of strings' };
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(m)) {
    const c = lists ? strings(x) : scalarString(x);
    if (c === undefined || (typeof c === 'object' && !c.ok)) return { ok: false, expected: lists ? 'a map of string lists' : `a map of strings (key "${k}" is ${describe(x)})` };
    out[k] = typeof c === 'string' ? c : c.value;
  }
  return { ok: true, value: out };
}

function strings(v: unknown): Coerced {
  const list = Array.isArray(v) ? v : [v];
  const out = list.map(scalarString);
  if (out.some((x) => x === undefined)) return { ok: false, expected: 'a list of strings' };
  return { ok: true, value: out };
}

/** Converts `v` to `type`; `values` restricts strings to an enumeration. */
export function coerce(v: unknown, type: AttrType, values?: readonly string[]): Coerced {
  switch (type) {
    case 'any': return { ok: true, value: v };
    case 'string': {
      const s = scalarString(v);
      if (s === undefined) return { ok: false, expected: 'a string' };
      if (values && !values.includes(s)) return { ok: false, expected: `one of ${values.map((x) => `"${x}"`).join(', ')}` };
      return { ok: true, value: s };
    }
    case 'number': return number(v, false);
    case 'int': return number(v, true);
    case 'bool':
      if (typeof v === 'boolean') return { ok: true, value: v };
      if (v === 'true' || v === 'false') return { ok: true, value: v === 'true' };
      return { ok: false, expected: 'a bool' };
    case 'duration': {
      const s = scalarString(v);
      if (s === undefined || (!DURATION.test(s) && !RUNTIME.test(s) && s !== '0')) return { ok: false, expected: 'a duration like "30s", "5m" or "1h30m"' };
      return { ok: true, value: s };
    }
    case 'strings': return Array.isArray(v) ? strings(v) : { ok: false, expected: 'a list of strings' };
    case 'stringMap': return stringMap(v, false);
    case 'stringListMap': return stringMap(v, true);
  }
}
