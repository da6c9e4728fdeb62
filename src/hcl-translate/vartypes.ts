/** Variable type constraints (`string`, `list(number)`, `map(string)`, `object({…})`, `any`) and conversion to them. */
import type { Expr, Value } from './expr/ast.js';
import { EvalError, isMap, toBool, toList, toMap, toNum, toStr, typeName, type ValueMap } from './expr/values.js';

/** Converts `v` to the type described by the type expression `t` (undefined = any). */
export function convertTo(v: Value, t: Expr | undefined, what: string): Value {
  if (!t || v === null) return v;
  if (t.kind === 'var') return primitive(v, t.name, what);
  if (t.kind !== 'call') throw new EvalError(`${what}: unsupported type constraint`);
  const inner = t.args[0];
  switch (t.name) {
    case 'list': case 'set': return toList(v, what).map((x, i) => convertTo(x, inner, `${what}[${i}]`));
    case 'map': return mapValues(toMap(v, what), (x, k) => convertTo(x, inner, `${what}.${k}`));
    case 'tuple': return tuple(v, inner, what);
    case 'object': return object(v, inner, what);
    case 'optional': return convertTo(v, inner, what);
    default: throw new EvalError(`${what}: unknown type constraint "${t.name}"`);
  }
}

function primitive(v: Value, name: string, what: string): Value {
  switch (name) {
    case 'any': return v;
    case 'string': return toStr(v, what);
    case 'number': return toNum(v, what);
    case 'bool': return toBool(v, what);
    default: throw new EvalError(`${what}: unknown type "${name}"`);
  }
}

function mapValues(m: ValueMap, f: (v: Value, k: string) => Value): ValueMap {
  const out: ValueMap = {};
  for (const [k, v] of Object.entries(m)) out[k] = f(v, k);
  return out;
}

function tuple(v: Value, t: Expr | undefined, what: string): Value {
  const types = t?.kind === 'tuple' ? t.items : [];
  const l = toList(v, what);
  if (l.length !== types.length) throw new EvalError(`${what}: expected a tuple of ${types.length} elements, got ${l.length}`);
  return l.map((x, i) => convertTo(x, types[i], `${what}[${i}]`));
}

function object(v: Value, t: Expr | undefined, what: string): Value {
  if (!isMap(v)) throw new EvalError(`${what} must be an object, got ${typeName(v)}`);
  const out: ValueMap = {};
  for (const item of t?.kind === 'object' ? t.items : []) {
    const key = item.key.kind === 'lit' ? String(item.key.value) : item.key.kind === 'var' ? item.key.name : '';
    const optional = item.value.kind === 'call' && item.value.name === 'optional';
    const x = v[key];
    if (x === undefined && !optional) throw new EvalError(`${what}: attribute "${key}" is required`);
    out[key] = x === undefined ? (optional && item.value.kind === 'call' && item.value.args[1]?.kind === 'lit' ? item.value.args[1].value : null) : convertTo(x, item.value, `${what}.${key}`);
  }
  return out;
}

/** True when the type accepts a CLI string as-is (string, or no type given). */
export function takesRawString(t: Expr | undefined): boolean {
  return !t || (t.kind === 'var' && (t.name === 'string' || t.name === 'any'));
}
