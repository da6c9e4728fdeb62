/** Numeric and type-conversion functions. */
import type { Value } from '../expr/ast.js';
import type { HclFunction } from '../expr/evaluate.js';
import { EvalError, toBool, toNum, toStr } from '../expr/values.js';
import { arg, arity } from './args.js';

const n = (a: Value[], i: number, fn: string): number => toNum(arg(a, i, fn), `${fn}() argument ${i + 1}`);

/** Numeric and conversion functions by name. */
export const numericFunctions: Record<string, HclFunction> = {
  abs: (a) => Math.abs(n(a, 0, 'abs')),
  ceil: (a) => Math.ceil(n(a, 0, 'ceil')),
  floor: (a) => Math.floor(n(a, 0, 'floor')),
  signum: (a) => Math.sign(n(a, 0, 'signum')),
  pow: (a) => Math.pow(n(a, 0, 'pow'), n(a, 1, 'pow')),
  log: (a) => Math.log(n(a, 0, 'log')) / Math.log(n(a, 1, 'log')),
  max: (a) => { arity(a, 'max', 1, Infinity); return Math.max(...a.map((x) => toNum(x, 'max() argument'))); },
  min: (a) => { arity(a, 'min', 1, Infinity); return Math.min(...a.map((x) => toNum(x, 'min() argument'))); },
  parseint: (a) => { const base = n(a, 1, 'parseint'); const v = parseInt(toStr(arg(a, 0, 'parseint')), base); if (Number.isNaN(v)) throw new EvalError('parseint(): cannot parse the number'); return v; },
  tostring: (a) => { const v = arg(a, 0, 'tostring'); return v === null ? null : toStr(v, 'tostring() argument'); },
  tonumber: (a) => { const v = arg(a, 0, 'tonumber'); return v === null ? null : toNum(v, 'tonumber() argument'); },
  tobool: (a) => { const v = arg(a, 0, 'tobool'); return v === null ? null : toBool(v, 'tobool() argument'); },
};
