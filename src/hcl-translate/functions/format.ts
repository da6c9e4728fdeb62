/** Go-style `format()` verbs (%s %d %f %q %v %t %x %%, widths, precision, `-` and `0` flags). */
import type { Value } from '../expr/ast.js';
import { EvalError, toNum, toStr } from '../expr/values.js';

/** Implements HCL's format(spec, args...). */
export function formatValue(spec: string, args: Value[]): string {
  let out = '';
  let next = 0;
  const re = /%([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdfqvtxXbeEgGo%])/g;
  let last = 0;
  for (const m of spec.matchAll(re)) {
    out += spec.slice(last, m.index);
    last = (m.index ?? 0) + m[0].length;
    const verb = m[4] ?? 's';
    if (verb === '%') {
      out += '%';
      continue;
    }
    const v = args[next++];
    if (v === undefined) throw new EvalError(`format(): not enough arguments for "${m[0]}"`);
    out += pad(verbValue(verb, v, m[3]), m[1] ?? '', m[2]);
  }
  return out + spec.slice(last);
}

function verbValue(verb: string, v: Value, precision: string | undefined): string {
  switch (verb) {
    case 'd': return String(Math.trunc(toNum(v)));
    case 'f': case 'e': case 'E': case 'g': case 'G':
      return precision !== undefined ? toNum(v).toFixed(Number(precision)) : toNum(v).toFixed(6);
    case 'x': return typeof v === 'string' ? Buffer.from(v).toString('hex') : Math.trunc(toNum(v)).toString(16);
    case 'X': return Math.trunc(toNum(v)).toString(16).toUpperCase();
    case 'b': return Math.trunc(toNum(v)).toString(2);
    case 'o': return Math.trunc(toNum(v)).toString(8);
    case 'q': return JSON.stringify(toStr(v));
    case 't': return String(v);
    case 'v': return typeof v === 'object' && v !== null ? JSON.stringify(v) : toStr(v);
    default: {
      const s = typeof v === 'object' && v !== null ? JSON.stringify(v) : toStr(v);
      return precision !== undefined ? s.slice(0, Number(precision)) : s;
    }
  }
}

function pad(s: string, flags: string, width: string | undefined): string {
  const w = Number(width ?? 0);
  if (s.length >= w) return s;
  if (flags.includes('-')) return s.padEnd(w);
  return flags.includes('0') ? s.padStart(w, '0') : s.padStart(w);
}
