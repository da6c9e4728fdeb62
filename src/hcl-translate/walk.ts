/** Evaluates hcl2json's raw object tree into plain values, expanding `dynamic` blocks and remembering positions. */
import type { Diagnostic, Pos, Reporter } from './diagnostics.js';
import type { Value } from './expr/ast.js';
import { entries, evaluate, type Bindings, type EvalContext } from './expr/evaluate.js';
import { hasTemplate, parseTemplate } from './expr/template.js';
import { EvalError, Unresolved, toList, toStr } from './expr/values.js';
import { childBlock, posAt, type SrcBlock } from './source/tree.js';

/** An evaluated block body: attributes are values, blocks are arrays of bodies (labelled: keyed by label). */
export type Body = { [key: string]: unknown };

/** Where an evaluated body came from. */
export interface Origin {
  src: SrcBlock | undefined;
  path: string;
}

/** State shared by the walk: evaluation context, diagnostics, origins of bodies. */
export interface Walk {
  ctx: EvalContext;
  report: Reporter;
  origins: WeakMap<object, Origin>;
  /** The jobspec's text, to point errors inside an expression at their token. */
  source?: string;
}

/** Position of `key` inside `body` (its attribute or first block), else of the body itself. */
export function posOf(w: Walk, body: object, key?: string): Pos {
  const src = w.origins.get(body)?.src;
  if (!src) return { line: 1, column: 1 };
  const attr = key === undefined ? undefined : src.attrs.get(key);
  const block = key === undefined ? undefined : src.blocks.find((b) => b.type === key);
  return attr ?? block?.pos ?? src.pos;
}

/** Dotted path of `body`, plus `key` when given. */
export function pathOf(w: Walk, body: object, key?: string): string {
  const p = w.origins.get(body)?.path ?? '';
  return key === undefined ? p : p ? `${p}.${key}` : key;
}

/** Records an error about `key` of `body`. */
export function fail(w: Walk, body: object, key: string | undefined, message: string, severity: Diagnostic['severity'] = 'error'): void {
  const f = severity === 'error' ? w.report.error.bind(w.report) : w.report.warn.bind(w.report);
  f(posOf(w, body, key), message, pathOf(w, body, key));
}

/** Plain JSON object test. */
export function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isBodyList = (v: unknown): v is Array<Record<string, unknown>> => Array.isArray(v) && v.length > 0 && v.every(isObj);

/** Evaluates a raw string: a template whose runtime interpolations are kept verbatim. */
export function evalString(raw: string, b: Bindings, ctx: EvalContext): Value {
  if (!hasTemplate(raw)) return raw;
  const e = parseTemplate(raw, false);
  try {
    return evaluate(e, b, ctx);
  } catch (err) {
    if (!(err instanceof Unresolved)) throw err;
    if (e.kind === 'template' && e.parts.length === 1 && e.parts[0]?.kind === 'interp') return `\${${e.parts[0].source}}`;
    return raw.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
  }
}

/** Evaluates a raw attribute value (strings, lists, objects with possibly computed keys). */
export function evalValue(raw: unknown, b: Bindings, ctx: EvalContext): Value {
  if (typeof raw === 'string') return evalString(raw, b, ctx);
  if (typeof raw === 'number' || typeof raw === 'boolean' || raw === null) return raw;
  if (Array.isArray(raw)) return raw.map((x) => evalValue(x, b, ctx));
  if (!isObj(raw)) return null;
  const out: { [k: string]: Value } = {};
  for (const [k, v] of Object.entries(raw)) out[hasTemplate(k) ? toStr(evalString(k, b, ctx), 'object key') : k] = evalValue(v, b, ctx);
  return out;
}

function isBlockKey(key: string, raw: unknown, src: SrcBlock | undefined): boolean {
  if (src?.attrs.has(key)) return false;
  if (src?.blocks.some((b) => b.type === key)) return true;
  return isBodyList(raw) || (isObj(raw) && Object.values(raw).length > 0 && Object.values(raw).every(isBodyList));
}

/** Evaluates one block body with its source block (for positions). */
export function evalBody(raw: Record<string, unknown>, src: SrcBlock | undefined, b: Bindings, w: Walk, path: string): Body {
  const out: Body = {};
  w.origins.set(out, { src, path });
  for (const [key, val] of Object.entries(raw)) {
    if (key === 'dynamic' && isObj(val) && isBlockKey(key, val, src)) continue;
    if (!isBlockKey(key, val, src)) {
      out[key] = attribute(val, b, w, out, key);
    } else if (Array.isArray(val)) {
      out[key] = val.filter(isObj).map((el, i) => evalBody(el, childBlock(src, key, undefined, i), b, w, `${path}.${key}`));
    } else if (isObj(val)) {
      out[key] = labelled(key, val, src, b, w, path);
    }
  }
  if (isObj(raw.dynamic) && isBlockKey('dynamic', raw.dynamic, src)) expandDynamics(out, raw.dynamic, src, b, w);
  return out;
}

function attribute(val: unknown, b: Bindings, w: Walk, body: Body, key: string): unknown {
  try {
    return evalValue(val, b, w.ctx);
  } catch (err) {
    const message = `cannot evaluate "${key}": ${err instanceof Error ? err.message : String(err)}`;
    const pos = err instanceof EvalError && err.needle ? tokenPos(w, body, key, err.needle) : undefined;
    if (pos) w.report.error(pos, message, pathOf(w, body, key));
    else fail(w, body, key, message);
    return undefined;
  }
}

/** Where `needle` first occurs in the source of attribute `key` of `body` (undefined when not found). */
function tokenPos(w: Walk, body: object, key: string, needle: string): Pos | undefined {
  const span = w.origins.get(body)?.src?.spans.get(key);
  if (!span || w.source === undefined) return undefined;
  const i = w.source.slice(span[0], span[1]).indexOf(needle);
  return i < 0 ? undefined : posAt(w.source, span[0] + i + (needle.startsWith('.') ? 1 : 0));
}

function labelled(key: string, val: Record<string, unknown>, src: SrcBlock | undefined, b: Bindings, w: Walk, path: string): Body {
  const out: Body = {};
  for (const [label, bodies] of Object.entries(val)) {
    if (!Array.isArray(bodies)) continue;
    out[label] = bodies.filter(isObj).map((el, i) => evalBody(el, childBlock(src, key, label, i), b, w, `${path}.${key}.${label}`));
  }
  return out;
}

function expandDynamics(out: Body, dyn: Record<string, unknown>, src: SrcBlock | undefined, b: Bindings, w: Walk): void {
  for (const [type, specs] of Object.entries(dyn)) {
    if (!Array.isArray(specs)) continue;
    specs.filter(isObj).forEach((spec, i) => {
      const dsrc = childBlock(src, 'dynamic', type, i);
      const holder: Body = {};
      w.origins.set(holder, { src: dsrc, path: `${pathOf(w, out)}.dynamic.${type}` });
      try {
        expandOne(out, type, spec, dsrc, b, w, holder);
      } catch (err) {
        fail(w, holder, undefined, `cannot expand dynamic "${type}": ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  }
}

function expandOne(out: Body, type: string, spec: Record<string, unknown>, dsrc: SrcBlock | undefined, b: Bindings, w: Walk, holder: Body): void {
  const content = Array.isArray(spec.content) ? spec.content.find(isObj) : undefined;
  if (!content) throw new Error('a dynamic block needs a content block');
  const iterator = typeof spec.iterator === 'string' ? spec.iterator.replace(/^\$\{(.*)\}$/, '$1').trim() : type;
  const csrc = childBlock(dsrc, 'content', undefined, 0);
  for (const [key, value] of entries(evalValue(spec.for_each, b, w.ctx), 'for_each')) {
    const inner = new Map(b).set(iterator, { key, value });
    const labels = spec.labels === undefined ? [] : toList(evalValue(spec.labels, inner, w.ctx), 'labels').map((l) => toStr(l, 'label'));
    const body = evalBody(content, csrc, inner, w, `${pathOf(w, out)}.${type}`);
    appendBlock(out, type, labels[0], body);
  }
  void holder;
}

function appendBlock(out: Body, type: string, label: string | undefined, body: Body): void {
  if (label === undefined) {
    const list = Array.isArray(out[type]) ? (out[type] as unknown[]) : [];
    out[type] = [...list, body];
    return;
  }
  const byLabel = isObj(out[type]) ? (out[type] as Body) : {};
  const list = Array.isArray(byLabel[label]) ? (byLabel[label] as unknown[]) : [];
  byLabel[label] = [...list, body];
  out[type] = byLabel;
}
