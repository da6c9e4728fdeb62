/** String functions of HCL2's standard library as Nomad exposes them. */
import type { Value } from '../expr/ast.js';
import type { HclFunction } from '../expr/evaluate.js';
import { EvalError, toList, toNum, toStr } from '../expr/values.js';
import { arg, arity } from './args.js';
import { formatValue } from './format.js';
import type { RE2JS } from 're2js';
import { compileRe2, re2FindAll, re2ReplaceAll, type Re2Match } from '../../regexp/re2.js';

/** strlen counts grapheme clusters, as cty does ("é" written as e + combining accent is one character). */
const GRAPHEMES = new Intl.Segmenter('en', { granularity: 'grapheme' });

const s = (args: Value[], i: number, fn: string): string => toStr(arg(args, i, fn), `${fn}() argument ${i + 1}`);

/** A compiled RE2 pattern (Go's syntax, linear time), or the error HCL reports for an invalid one. */
function re(pattern: string): RE2JS {
  const compiled = compileRe2(pattern);
  if (!compiled.ok) throw new EvalError(`invalid regular expression ${JSON.stringify(pattern)}: ${compiled.error}`);
  return compiled.re;
}

/** HCL's result for one match: the named groups as an object, else the groups as a list, else the whole match. */
function regexMatch(m: Re2Match): Value {
  if (Object.keys(m.named).length > 0) return { ...m.named } as Value;
  return m.groups.length > 0 ? m.groups : m.text;
}

function regexOnce(pattern: string, value: string): Value {
  const [m] = re2FindAll(re(pattern), value, 1);
  if (!m) throw new EvalError('regex(): pattern did not match any part of the given string');
  return regexMatch(m);
}

function replaceFn(a: Value[]): Value {
  const x = s(a, 0, 'replace');
  const f = s(a, 1, 'replace');
  const r = s(a, 2, 'replace');
  const m = /^\/(.*)\/$/s.exec(f);
  return m ? re2ReplaceAll(re(m[1] ?? ''), x, r) : x.split(f).join(r);
}

/** String functions by name. */
export const stringFunctions: Record<string, HclFunction> = {
  upper: (a) => (arity(a, 'upper', 1), s(a, 0, 'upper').toUpperCase()),
  lower: (a) => (arity(a, 'lower', 1), s(a, 0, 'lower').toLowerCase()),
  title: (a) => s(a, 0, 'title').replace(/\b\p{L}/gu, (c) => c.toUpperCase()),
  trimspace: (a) => s(a, 0, 'trimspace').trim(),
  chomp: (a) => s(a, 0, 'chomp').replace(/(\r?\n)+$/, ''),
  strrev: (a) => [...s(a, 0, 'strrev')].reverse().join(''),
  trim: (a) => { const cut = [...s(a, 1, 'trim')]; let x = s(a, 0, 'trim'); while (x && cut.includes(x[0] ?? '')) x = x.slice(1); while (x && cut.includes(x[x.length - 1] ?? '')) x = x.slice(0, -1); return x; },
  trimprefix: (a) => { const x = s(a, 0, 'trimprefix'); const p = s(a, 1, 'trimprefix'); return x.startsWith(p) ? x.slice(p.length) : x; },
  trimsuffix: (a) => { const x = s(a, 0, 'trimsuffix'); const p = s(a, 1, 'trimsuffix'); return p && x.endsWith(p) ? x.slice(0, -p.length) : x; },
  startswith: (a) => s(a, 0, 'startswith').startsWith(s(a, 1, 'startswith')),
  endswith: (a) => s(a, 0, 'endswith').endsWith(s(a, 1, 'endswith')),
  strcontains: (a) => s(a, 0, 'strcontains').includes(s(a, 1, 'strcontains')),
  substr: (a) => { const x = [...s(a, 0, 'substr')]; const off = toNum(arg(a, 1, 'substr')); const len = toNum(arg(a, 2, 'substr')); const start = off < 0 ? x.length + off : off; return x.slice(start, len < 0 ? undefined : start + len).join(''); },
  indent: (a) => { const pad = ' '.repeat(Math.min(1000, Math.max(0, toNum(arg(a, 0, 'indent'))))); return s(a, 1, 'indent').replace(/\n/g, `\n${pad}`); },
  format: (a) => formatValue(s(a, 0, 'format'), a.slice(1)),
  formatlist: (a) => formatList(a),
  join: (a) => { arity(a, 'join', 2, Infinity); const sep = s(a, 0, 'join'); return a.slice(1).flatMap((l) => toList(l, 'join() list')).map((x) => toStr(x, 'join() element')).join(sep); },
  split: (a) => { const sep = s(a, 0, 'split'); const x = s(a, 1, 'split'); return x === '' ? [''] : x.split(sep); },
  replace: replaceFn,
  regex_replace: (a) => (arity(a, 'regex_replace', 3), re2ReplaceAll(re(s(a, 1, 'regex_replace')), s(a, 0, 'regex_replace'), s(a, 2, 'regex_replace'))),
  strlen: (a) => (arity(a, 'strlen', 1), [...GRAPHEMES.segment(s(a, 0, 'strlen'))].length),
  regex: (a) => regexOnce(s(a, 0, 'regex'), s(a, 1, 'regex')),
  regexall: (a) => re2FindAll(re(s(a, 0, 'regexall')), s(a, 1, 'regexall')).map(regexMatch),
};

function formatList(a: Value[]): Value {
  const spec = s(a, 0, 'formatlist');
  const rest = a.slice(1);
  const lens = rest.filter(Array.isArray).map((l) => l.length);
  const n = lens[0] ?? 1;
  if (lens.some((l) => l !== n)) throw new EvalError('formatlist(): all list arguments must have the same length');
  return Array.from({ length: n }, (_, i) => formatValue(spec, rest.map((r) => (Array.isArray(r) ? (r[i] ?? null) : r))));
}
