/** Evaluates expression ASTs over a scope of variables, locals and functions. */
import type { Expr, TemplatePart, Value } from './ast.js';
import { convertTo } from '../vartypes.js';
import { EvalError, Unresolved, at, deepEqual, isMap, sortedKeys, toBool, toList, toNum, toStr, type ValueMap } from './values.js';

/** A function callable from expressions; `ctx` gives access to file reads. */
export type HclFunction = (args: Value[], ctx: EvalContext) => Value;

/** Shared state of one translation's evaluation: budget, functions, file access, lazy locals. */
export interface EvalContext {
  functions: ReadonlyMap<string, HclFunction>;
  readFile?: (path: string) => string | undefined;
  /** Directory of the jobspec, for `file()` paths. */
  baseDir: string;
  /** Remaining evaluation steps (guards against exponential expressions). */
  budget: { steps: number };
  /** Working directory for `abspath()` (the CLI's; unset in the operator). */
  cwd?: string;
  /** Home directory for `pathexpand()`. */
  home?: string;
  /** Every file under a directory, as paths relative to it, for `fileset()`; undefined when it does not exist. */
  listFiles?: (dir: string) => string[] | undefined;
  /** Resolves `local.<name>` on demand. */
  local?: (name: string) => Value;
}

/** Root names bound in a scope (`var`, for-expression variables, dynamic iterators). */
export type Bindings = ReadonlyMap<string, Value>;

const MAX_STRING = 1 << 20;

/** Evaluates `e`; throws Unresolved for runtime references, EvalError otherwise. */
export function evaluate(e: Expr, b: Bindings, ctx: EvalContext): Value {
  if (--ctx.budget.steps < 0) throw new EvalError('expression evaluation exceeded its step budget');
  switch (e.kind) {
    case 'lit': return e.value;
    case 'template': return template(e.parts, b, ctx);
    case 'var': return lookupRoot(e.name, b);
    case 'attr': return getAttr(e, b, ctx);
    case 'index': return index(evaluate(e.target, b, ctx), evaluate(e.key, b, ctx));
    case 'splat': return splat(e, b, ctx);
    case 'call': return call(e, b, ctx);
    case 'unary': return e.op === '!' ? !toBool(evaluate(e.operand, b, ctx)) : -toNum(evaluate(e.operand, b, ctx));
    case 'binary': return binary(e.op, e.left, e.right, b, ctx);
    case 'cond': return toBool(evaluate(e.cond, b, ctx), 'condition') ? evaluate(e.then, b, ctx) : evaluate(e.else, b, ctx);
    case 'tuple': return e.items.map((x) => evaluate(x, b, ctx));
    case 'object': return object(e.items, b, ctx);
    case 'for': return forExpr(e, b, ctx);
  }
}

function lookupRoot(name: string, b: Bindings): Value {
  const v = b.get(name);
  if (v === undefined) throw new Unresolved(name);
  return v;
}

function getAttr(e: Extract<Expr, { kind: 'attr' }>, b: Bindings, ctx: EvalContext): Value {
  if (e.target.kind === 'var' && e.target.name === 'local' && ctx.local) return ctx.local(e.name);
  if (e.target.kind === 'var' && e.target.name === 'var' && !b.has('var')) throw new Unresolved('var');
  const target = evaluate(e.target, b, ctx);
  if (e.target.kind === 'var' && e.target.name === 'var' && isMap(target) && !(e.name in target)) {
    throw at(new EvalError(`reference to undeclared input variable "${e.name}"; add a variable "${e.name}" block`), `var.${e.name}`);
  }
  try {
    return index(target, e.name);
  } catch (err) {
    throw at(err, `.${e.name}`);
  }
}

/** `target[key]` for lists and maps. */
export function index(target: Value, key: Value): Value {
  if (Array.isArray(target)) {
    const i = toNum(key, 'list index');
    const v = target[i];
    if (!Number.isInteger(i) || v === undefined) throw new EvalError(`index ${i} is out of range for a list of ${target.length} elements`);
    return v;
  }
  if (isMap(target)) {
    const k = toStr(key, 'map key');
    const v = Object.prototype.hasOwnProperty.call(target, k) ? target[k] : undefined;
    if (v === undefined) throw new EvalError(`the map has no element "${k}"`);
    return v;
  }
  throw new EvalError(`cannot index a ${target === null ? 'null' : typeof target} value`);
}

function splat(e: Extract<Expr, { kind: 'splat' }>, b: Bindings, ctx: EvalContext): Value {
  const src = evaluate(e.target, b, ctx);
  const items = src === null ? [] : Array.isArray(src) ? src : [src];
  return items.map((item) => evaluate(e.each, new Map([...b, ['', item]]), ctx));
}

function call(e: Extract<Expr, { kind: 'call' }>, b: Bindings, ctx: EvalContext): Value {
  if (e.name === 'try' || e.name === 'can') return tryCan(e, b, ctx);
  if (e.name === 'convert') return convertCall(e, b, ctx);
  const fn = ctx.functions.get(e.name);
  if (!fn) throw at(new EvalError(`call to unknown function "${e.name}"`), `${e.name}(`);
  const args = e.args.map((a) => evaluate(a, b, ctx));
  try {
    if (e.expand) args.push(...toList(args.pop() ?? [], 'expanded argument'));
    return fn(args, ctx);
  } catch (err) {
    throw at(err, `${e.name}(`);
  }
}

/** `convert(value, type)`: the second argument is a type expression (`list(string)`), not a value. */
function convertCall(e: Extract<Expr, { kind: 'call' }>, b: Bindings, ctx: EvalContext): Value {
  const [value, type] = e.args;
  if (!value || !type || e.args.length !== 2) throw at(new EvalError(`convert() takes 2 arguments, got ${e.args.length}`), 'convert(');
  const v = evaluate(value, b, ctx);
  try {
    return convertTo(v, type, 'convert() value');
  } catch (err) {
    throw at(err, 'convert(');
  }
}

function tryCan(e: Extract<Expr, { kind: 'call' }>, b: Bindings, ctx: EvalContext): Value {
  for (const a of e.args) {
    try {
      const v = evaluate(a, b, ctx);
      return e.name === 'can' ? true : v;
    } catch (err) {
      if (!(err instanceof EvalError) || err.message.includes('budget')) throw err;
    }
  }
  if (e.name === 'can') return false;
  throw new EvalError('no expression given to try() could be evaluated without errors');
}

function binary(op: string, l: Expr, r: Expr, b: Bindings, ctx: EvalContext): Value {
  if (op === '&&') return toBool(evaluate(l, b, ctx)) && toBool(evaluate(r, b, ctx));
  if (op === '||') return toBool(evaluate(l, b, ctx)) || toBool(evaluate(r, b, ctx));
  const a = evaluate(l, b, ctx);
  const c = evaluate(r, b, ctx);
  if (op === '==') return deepEqual(a, c);
  if (op === '!=') return !deepEqual(a, c);
  const x = toNum(a);
  const y = toNum(c);
  const ops: Record<string, (p: number, q: number) => Value> = {
    '+': (p, q) => p + q, '-': (p, q) => p - q, '*': (p, q) => p * q,
    '/': (p, q) => { if (q === 0) throw new EvalError('division by zero'); return p / q; },
    '%': (p, q) => { if (q === 0) throw new EvalError('division by zero'); return p % q; },
    '<': (p, q) => p < q, '>': (p, q) => p > q, '<=': (p, q) => p <= q, '>=': (p, q) => p >= q,
  };
  const f = ops[op];
  if (!f) throw new EvalError(`unsupported operator "${op}"`);
  return f(x, y);
}

function object(items: Array<{ key: Expr; value: Expr }>, b: Bindings, ctx: EvalContext): Value {
  const out: ValueMap = {};
  for (const it of items) {
    const k = it.key.kind === 'var' ? it.key.name : toStr(evaluate(it.key, b, ctx), 'object key');
    out[k] = evaluate(it.value, b, ctx);
  }
  return out;
}

/** Iterates a collection as [key, value] pairs (lists by index, maps in key order). */
export function entries(v: Value, what: string): Array<[Value, Value]> {
  if (Array.isArray(v)) return v.map((x, i) => [i, x]);
  if (isMap(v)) return sortedKeys(v).map((k) => [k, v[k] ?? null]);
  throw new EvalError(`${what} must be a list or map, got ${v === null ? 'null' : typeof v}`);
}

function forExpr(e: Extract<Expr, { kind: 'for' }>, b: Bindings, ctx: EvalContext): Value {
  const list: Value[] = [];
  const map: ValueMap = {};
  for (const [k, v] of entries(evaluate(e.coll, b, ctx), 'for expression collection')) {
    const inner = new Map(b);
    inner.set(e.valVar, v);
    if (e.keyVar !== undefined) inner.set(e.keyVar, k);
    if (e.cond && !toBool(evaluate(e.cond, inner, ctx), 'for condition')) continue;
    const val = evaluate(e.valExpr, inner, ctx);
    if (!e.keyExpr) {
      list.push(val);
      continue;
    }
    const key = toStr(evaluate(e.keyExpr, inner, ctx), 'for key');
    if (e.group) map[key] = [...toList(map[key] ?? []), val];
    else if (key in map) throw new EvalError(`duplicate key "${key}" in for expression; use "..." to group`);
    else map[key] = val;
  }
  return e.keyExpr ? map : list;
}

/** Renders template parts; a lone interpolation keeps its value's type. */
function template(parts: TemplatePart[], b: Bindings, ctx: EvalContext): Value {
  const only = parts[0];
  if (parts.length === 1 && only?.kind === 'interp') return evaluate(only.expr, b, ctx);
  return render(parts, b, ctx);
}

function render(parts: TemplatePart[], b: Bindings, ctx: EvalContext): string {
  let out = '';
  for (const p of parts) {
    if (p.kind === 'text') out += p.text;
    else if (p.kind === 'interp') out += interp(p.expr, p.source, b, ctx);
    else if (p.kind === 'if') out += render(toBool(evaluate(p.cond, b, ctx), 'if condition') ? p.then : p.else, b, ctx);
    else out += renderFor(p, b, ctx);
    if (out.length > MAX_STRING) throw new EvalError('rendered string is larger than 1 MiB');
  }
  return out;
}

function interp(e: Expr, source: string, b: Bindings, ctx: EvalContext): string {
  try {
    const v = evaluate(e, b, ctx);
    if (v === null) throw new EvalError(`template interpolation "\${${source}}" is null`);
    return toStr(v, `template interpolation "\${${source}}"`);
  } catch (err) {
    if (err instanceof Unresolved) return `\${${source}}`;
    throw err;
  }
}

function renderFor(p: Extract<TemplatePart, { kind: 'for' }>, b: Bindings, ctx: EvalContext): string {
  let out = '';
  for (const [k, v] of entries(evaluate(p.coll, b, ctx), 'template for collection')) {
    const inner = new Map(b);
    inner.set(p.valVar, v);
    if (p.keyVar !== undefined) inner.set(p.keyVar, k);
    out += render(p.body, inner, ctx);
  }
  return out;
}
