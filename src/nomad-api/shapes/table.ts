/**
 * Field tables between Nomad's JSON (PascalCase Go structs, nanosecond durations) and the NomadJob spec
 * (camelCase jobspec names, duration strings): one table per struct converts both ways, checks types, and
 * says what happens to a field kubenomad does not map (`ignored` fields warn when set, unknown fields are refused).
 */
import { durationToNs, nsToDuration } from './duration.js';

/** A leaf kind, a nested shape, a list of shapes, or a map of shapes keyed by their `name`. */
export type Kind =
  | 'string' | 'int' | 'number' | 'boolean' | 'duration' | 'strings' | 'stringMap' | 'stringsMap' | 'any'
  | { shape: Shape } | { list: Shape } | { namedMap: Shape };

/** One row: spec key, API key, kind. */
export type Field = readonly [spec: string, api: string, kind: Kind];

/** A struct of Nomad's API. */
export interface Shape {
  name: string;
  fields: readonly Field[];
  /** Nomad fields kubenomad does not honour: a warning when set. */
  ignored?: readonly string[];
  /** Fields the server sets (indexes, status): silently dropped on the way in. */
  serverSet?: readonly string[];
  /** Extra conversions for fields that are not one-to-one (e.g. ports); `handles` lists their API keys. */
  custom?: {
    handles: readonly string[];
    toSpec(api: Record<string, unknown>, spec: Record<string, unknown>, path: string, ctx: Conversion): void;
    toApi(spec: Record<string, unknown>, api: Record<string, unknown>): void;
  };
}

/** What a conversion collects: refusals (→ 400) and warnings (→ the response's Warnings). */
export interface Conversion {
  errors: string[];
  warnings: string[];
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a value carries information (null, "", 0, false, [] and {} do not). */
export function isSet(v: unknown): boolean {
  if (v === null || v === undefined || v === '' || v === 0 || v === false) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isObj(v)) return Object.values(v).some(isSet);
  return true;
}

/** Converts an API object to a spec object; undefined for null. */
export function toSpec(shape: Shape, value: unknown, path: string, ctx: Conversion): Obj | undefined {
  if (value === null || value === undefined) return undefined;
  if (!isObj(value)) {
    ctx.errors.push(`${path}: expected an object (${shape.name})`);
    return undefined;
  }
  const out: Obj = {};
  const byApi = new Map(shape.fields.map((f) => [f[1], f]));
  for (const [key, v] of Object.entries(value)) {
    const field = byApi.get(key);
    if (!field) {
      unmapped(shape, key, v, `${path}.${key}`, ctx);
      continue;
    }
    const converted = leafToSpec(field[2], v, `${path}.${key}`, ctx);
    if (converted !== undefined) out[field[0]] = converted;
  }
  shape.custom?.toSpec(value, out, path, ctx);
  return out;
}

/** A key without a row: handled by the shape's custom conversion, set by the server, ignored (warn), or unknown (refuse). */
function unmapped(shape: Shape, key: string, v: unknown, path: string, ctx: Conversion): void {
  if (shape.custom?.handles.includes(key) || shape.serverSet?.includes(key) || !isSet(v)) return;
  if (shape.ignored?.includes(key)) ctx.warnings.push(`${path} is not supported by kubenomad and was ignored`);
  else ctx.errors.push(`${path}: unknown field`);
}

const isStringMap = (v: unknown): boolean => isObj(v) && Object.values(v).every((s) => typeof s === 'string');
const isStringsMap = (v: unknown): boolean => isObj(v) && Object.values(v).every((l) => Array.isArray(l) && l.every((s) => typeof s === 'string'));

/** Per leaf kind: what it must be, and the check. */
const LEAVES: Record<Extract<Kind, string>, [what: string, ok: (v: unknown) => boolean]> = {
  string: ['a string', (v) => typeof v === 'string'],
  int: ['an integer', (v) => Number.isSafeInteger(v)],
  number: ['a number', (v) => typeof v === 'number' && Number.isFinite(v)],
  boolean: ['a boolean', (v) => typeof v === 'boolean'],
  duration: ['a duration in nanoseconds', (v) => Number.isSafeInteger(v)],
  strings: ['a list of strings', (v) => Array.isArray(v) && v.every((s) => typeof s === 'string')],
  stringMap: ['a map of strings', isStringMap],
  stringsMap: ['a map of string lists', isStringsMap],
  any: ['an object', isObj],
};

function leafToSpec(kind: Kind, v: unknown, path: string, ctx: Conversion): unknown {
  if (v === null || v === undefined) return undefined;
  if (typeof kind === 'object') return nestedToSpec(kind, v, path, ctx);
  const [what, ok] = LEAVES[kind];
  if (!ok(v)) {
    ctx.errors.push(`${path}: expected ${what}, got ${Array.isArray(v) ? 'an array' : typeof v}`);
    return undefined;
  }
  if (kind === 'duration') return nsToDuration(v as number);
  return kind === 'string' && v === '' ? undefined : v; // Go's "" is unset
}

function nestedToSpec(kind: Exclude<Kind, string>, v: unknown, path: string, ctx: Conversion): unknown {
  if ('shape' in kind) return toSpec(kind.shape, v, path, ctx);
  if ('list' in kind) {
    if (!Array.isArray(v)) return (ctx.errors.push(`${path}: expected a list`), undefined);
    return v.map((item, i) => toSpec(kind.list, item, `${path}[${i}]`, ctx)).filter((x) => x !== undefined);
  }
  if (!isObj(v)) return (ctx.errors.push(`${path}: expected a map`), undefined);
  return Object.entries(v).map(([name, item]) => ({ name, ...toSpec(kind.namedMap, item, `${path}[${name}]`, ctx) }));
}

/** Converts a spec object to its API shape; every mapped field is present (null when unset), as Go encodes it. */
export function toApi(shape: Shape, spec: unknown): Obj | null {
  if (!isObj(spec)) return null;
  const out: Obj = {};
  for (const [specKey, apiKey, kind] of shape.fields) out[apiKey] = leafToApi(kind, spec[specKey]);
  shape.custom?.toApi(spec, out);
  return out;
}

function leafToApi(kind: Kind, v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof kind === 'object') {
    if ('shape' in kind) return toApi(kind.shape, v);
    if (!Array.isArray(v)) return null;
    if ('list' in kind) return v.map((item) => toApi(kind.list, item));
    return Object.fromEntries(v.filter(isObj).map((item) => [String(item.name), toApi(kind.namedMap, item)]));
  }
  if (kind === 'duration') return typeof v === 'string' ? (durationToNs(v) ?? null) : null;
  return v;
}
