/** Collection functions (lists, maps, sets) of HCL2's standard library. */
import type { Value } from '../expr/ast.js';
import type { HclFunction } from '../expr/evaluate.js';
import { EvalError, deepEqual, isMap, sortedKeys, toList, toMap, toNum, toStr, type ValueMap } from '../expr/values.js';
import { arg, arity, capSize } from './args.js';

const list = (a: Value[], i: number, fn: string): Value[] => toList(arg(a, i, fn), `${fn}() argument ${i + 1}`);
const map = (a: Value[], i: number, fn: string): ValueMap => toMap(arg(a, i, fn), `${fn}() argument ${i + 1}`);

function distinct(xs: Value[]): Value[] {
  const out: Value[] = [];
  for (const x of xs) if (!out.some((y) => deepEqual(x, y))) out.push(x);
  return out;
}

function flatten(xs: Value[], depth = 0): Value[] {
  if (depth > 64) throw new EvalError('flatten(): list is nested too deeply');
  return xs.flatMap((x) => (Array.isArray(x) ? flatten(x, depth + 1) : [x]));
}

function lookup(a: Value[]): Value {
  arity(a, 'lookup', 2, 3);
  const m = map(a, 0, 'lookup');
  const k = toStr(arg(a, 1, 'lookup'));
  if (Object.prototype.hasOwnProperty.call(m, k)) return m[k] ?? null;
  if (a.length === 3) return a[2] ?? null;
  throw new EvalError(`lookup(): the map has no key "${k}" and no default was given`);
}

function range(a: Value[]): Value {
  arity(a, 'range', 1, 3);
  const nums = a.map((x) => toNum(x, 'range() argument'));
  const [start, end, step] = nums.length === 1 ? [0, nums[0] ?? 0, 1] : [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? ((nums[1] ?? 0) >= (nums[0] ?? 0) ? 1 : -1)];
  if (step === 0) throw new EvalError('range(): step must not be zero');
  capSize(Math.abs((end - start) / step), 'range');
  const out: number[] = [];
  for (let i = start; step > 0 ? i < end : i > end; i += step) out.push(i);
  return out;
}

function length(a: Value[]): Value {
  arity(a, 'length', 1);
  const v = a[0] ?? null;
  if (typeof v === 'string') return [...v].length;
  if (Array.isArray(v)) return v.length;
  if (isMap(v)) return Object.keys(v).length;
  throw new EvalError('length() needs a string, list or map');
}

function slice(a: Value[]): Value {
  const l = list(a, 0, 'slice');
  const from = toNum(arg(a, 1, 'slice'));
  const to = toNum(arg(a, 2, 'slice'));
  if (from < 0 || to > l.length || from > to) throw new EvalError('slice(): indices are out of range');
  return l.slice(from, to);
}

function setProduct(a: Value[]): Value {
  let acc: Value[][] = [[]];
  for (const l of a.map((x) => toList(x, 'setproduct() argument'))) {
    capSize(acc.length * l.length, 'setproduct');
    acc = acc.flatMap((p) => l.map((x) => [...p, x]));
  }
  return acc;
}

/** Collection functions by name. */
export const collectionFunctions: Record<string, HclFunction> = {
  length,
  lookup,
  range,
  slice,
  concat: (a) => a.flatMap((l) => toList(l, 'concat() argument')),
  merge: (a) => Object.assign({}, ...a.filter((m) => m !== null).map((m) => toMap(m, 'merge() argument'))) as ValueMap,
  coalesce: (a) => { const v = a.find((x) => x !== null && x !== ''); if (v === undefined) throw new EvalError('coalesce(): no non-null, non-empty argument'); return v; },
  coalescelist: (a) => a.find((x) => Array.isArray(x) && x.length > 0) ?? [],
  compact: (a) => list(a, 0, 'compact').filter((x) => x !== null && x !== ''),
  contains: (a) => list(a, 0, 'contains').some((x) => deepEqual(x, arg(a, 1, 'contains'))),
  distinct: (a) => distinct(list(a, 0, 'distinct')),
  element: (a) => { const l = list(a, 0, 'element'); if (l.length === 0) throw new EvalError('element(): list is empty'); const i = toNum(arg(a, 1, 'element')); return l[((i % l.length) + l.length) % l.length] ?? null; },
  index: (a) => { const i = list(a, 0, 'index').findIndex((x) => deepEqual(x, arg(a, 1, 'index'))); if (i < 0) throw new EvalError('index(): value not found in list'); return i; },
  flatten: (a) => flatten(list(a, 0, 'flatten')),
  keys: (a) => sortedKeys(map(a, 0, 'keys')),
  values: (a) => { const m = map(a, 0, 'values'); return sortedKeys(m).map((k) => m[k] ?? null); },
  reverse: (a) => [...list(a, 0, 'reverse')].reverse(),
  sort: (a) => list(a, 0, 'sort').map((x) => toStr(x, 'sort() element')).sort(),
  sum: (a) => list(a, 0, 'sum').reduce<number>((s, x) => s + toNum(x, 'sum() element'), 0),
  alltrue: (a) => list(a, 0, 'alltrue').every((x) => x === true || x === 'true'),
  anytrue: (a) => list(a, 0, 'anytrue').some((x) => x === true || x === 'true'),
  chunklist: (a) => { const l = list(a, 0, 'chunklist'); const n = toNum(arg(a, 1, 'chunklist')); if (n <= 0) return [l]; const out: Value[] = []; for (let i = 0; i < l.length; i += n) out.push(l.slice(i, i + n)); return out; },
  zipmap: (a) => { const k = list(a, 0, 'zipmap'); const v = list(a, 1, 'zipmap'); if (k.length !== v.length) throw new EvalError('zipmap(): lists differ in length'); return Object.fromEntries(k.map((x, i) => [toStr(x), v[i] ?? null])) as ValueMap; },
  setunion: (a) => distinct(a.flatMap((l) => toList(l, 'setunion() argument'))),
  setintersection: (a) => { const [first = [], ...rest] = a.map((l) => toList(l, 'setintersection() argument')); return distinct(first.filter((x) => rest.every((r) => r.some((y) => deepEqual(x, y))))); },
  setsubtract: (a) => { const b = list(a, 1, 'setsubtract'); return distinct(list(a, 0, 'setsubtract').filter((x) => !b.some((y) => deepEqual(x, y)))); },
  setproduct: setProduct,
  tolist: (a) => [...list(a, 0, 'tolist')],
  toset: (a) => distinct(list(a, 0, 'toset')),
  tomap: (a) => ({ ...map(a, 0, 'tomap') }),
};
