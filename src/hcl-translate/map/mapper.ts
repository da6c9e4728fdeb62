/** Schema-driven mapping of evaluated HCL bodies onto spec objects (camelCase fields, lists for repeated blocks). */
import { SCHEMAS } from '../schema/job.js';
import { camel, type AttrSpec, type BlockSpec } from '../schema/types.js';
import { didYouMean } from '../suggest.js';
import { fail, isObj, posOf, type Body, type Walk } from '../walk.js';
import { coerce, describe } from './coerce.js';
import { HOOKS } from './hooks.js';

/** Spec object produced for one block. */
export type Out = Record<string, unknown>;

const isBody = (w: Walk, v: unknown): v is Body => isObj(v) && w.origins.has(v);

function keyKind(w: Walk, body: Body, key: string): 'block' | 'attribute' {
  const v = body[key];
  const src = w.origins.get(body)?.src;
  if (src?.blocks.some((b) => b.type === key)) return 'block';
  return Array.isArray(v) && v.length > 0 && v.every((x) => isBody(w, x)) ? 'block' : 'attribute';
}

/** Maps `body` by the schema `name`; `where` describes the block for messages (`task "redis"`). */
export function mapBody(name: string, body: Body, w: Walk, where: string): Out {
  const schema = SCHEMAS[name];
  if (!schema || schema.free) return mapFree(body, w);
  const out: Out = {};
  for (const [key, val] of Object.entries(body)) {
    if (val === undefined) continue;
    const a = schema.attrs[key];
    const b = schema.blocks[key];
    if (a && !(b && keyKind(w, body, key) === 'block' && a.type !== 'stringMap' && a.type !== 'stringListMap')) mapAttr(out, key, a, body, w, where);
    else if (b) mapBlock(out, key, b, body, w, where);
    else {
      const kind = keyKind(w, body, key);
      fail(w, body, key, `unknown ${kind} "${key}" in ${where}${didYouMean(key, [...Object.keys(schema.attrs), ...Object.keys(schema.blocks)])}`);
    }
  }
  HOOKS[name]?.(out, body, w, where);
  return out;
}

function mapAttr(out: Out, key: string, spec: AttrSpec, body: Body, w: Walk, where: string): void {
  if (spec.drop) {
    fail(w, body, key, `"${key}" in ${where} is ignored: ${spec.drop}`, 'warning');
    return;
  }
  const c = coerce(body[key], spec.type, spec.values);
  if (!c.ok) {
    fail(w, body, key, `attribute "${key}" in ${where} must be ${c.expected}, got ${describe(body[key])}`);
    return;
  }
  if (spec.warn) fail(w, body, key, `"${key}" in ${where}: ${spec.warn}`, 'warning');
  out[spec.field ?? camel(key)] = c.value;
}

/** Block bodies of `key`, as (label, body) pairs in source order. */
export function bodiesOf(w: Walk, val: unknown, labelledBlock: boolean): Array<[string | undefined, Body]> | undefined {
  const pairs: Array<[string | undefined, Body]> = [];
  if (labelledBlock && isObj(val) && !isBody(w, val)) {
    for (const [label, list] of Object.entries(val)) {
      if (!Array.isArray(list) || !list.every((x) => isBody(w, x))) return undefined;
      for (const b of list) pairs.push([label, b]);
    }
  } else if (!labelledBlock && Array.isArray(val) && val.every((x) => isBody(w, x))) {
    for (const b of val) pairs.push([undefined, b]);
  } else {
    return undefined;
  }
  const at = (b: Body): number => {
    const p = posOf(w, b);
    return p.line * 100000 + p.column;
  };
  return pairs.map((p, i) => ({ p, i })).sort((x, y) => at(x.p[1]) - at(y.p[1]) || x.i - y.i).map((x) => x.p);
}

function mapBlock(out: Out, key: string, spec: BlockSpec, body: Body, w: Walk, where: string): void {
  if (spec.drop) {
    fail(w, body, key, `block "${key}" in ${where} is ignored: ${spec.drop}`, 'warning');
    return;
  }
  const pairs = bodiesOf(w, body[key], spec.label !== undefined);
  if (!pairs) {
    const form = spec.label ? `${key} "<${spec.label}>" { … }` : `${key} { … }`;
    fail(w, body, key, `"${key}" in ${where} must be written as a block: ${form}`);
    return;
  }
  if (spec.warn) fail(w, body, key, `${spec.warn} (in ${where})`, 'warning');
  if (!spec.many && pairs.length > 1) {
    const second = pairs[1]?.[1];
    fail(w, second ?? body, second ? undefined : key, `block "${key}" may appear only once in ${where}`);
  }
  const mapped = pairs.map(([label, b]) => {
    const inner = label !== undefined ? `${key} "${label}"` : `${key} in ${where}`;
    const o = mapBody(spec.schema, b, w, inner);
    return label !== undefined && spec.label ? { [spec.label]: label, ...o } : o;
  });
  const field = spec.field ?? camel(key);
  if (spec.many) out[field] = mapped;
  else if (mapped[0]) out[field] = mapped[0];
}

const REPEATED_CONFIG_BLOCKS = new Set(['mount', 'device', 'volume', 'ulimit_block']);

/** Free-form bodies (driver config): attributes as written; a block written once becomes an object, else a list. */
export function mapFree(body: Body, w: Walk): Out {
  const out: Out = {};
  for (const [key, val] of Object.entries(body)) {
    if (val === undefined) continue;
    const block = keyKind(w, body, key) === 'block';
    if (block && Array.isArray(val) && val.every((b) => isBody(w, b))) {
      const list = val.map((b) => mapFree(b, w));
      out[key] = list.length === 1 && !REPEATED_CONFIG_BLOCKS.has(key) ? list[0] : list;
    } else if (block && isObj(val) && !isBody(w, val)) {
      out[key] = mapLabelledFree(val, w);
    } else {
      out[key] = val;
    }
  }
  return out;
}

function mapLabelledFree(val: Record<string, unknown>, w: Walk): Out {
  const out: Out = {};
  for (const [label, list] of Object.entries(val)) {
    const mapped = Array.isArray(list) ? list.map((b) => (isBody(w, b) ? mapFree(b, w) : b)) : list;
    out[label] = Array.isArray(mapped) && mapped.length === 1 ? mapped[0] : mapped;
  }
  return out;
}
