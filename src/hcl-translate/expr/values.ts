/** Value helpers shared by the evaluator and the functions: type names, conversions, equality. */
import type { Value } from './ast.js';

/** Raised for evaluation failures (wrong types, unknown functions, bad arguments). */
export class EvalError extends Error {
  override name = 'EvalError';
  /** Source text of the innermost offending construct (`upper(`, `var.x`), to point the diagnostic at it. */
  needle?: string;
}

/** Marks `err` as caused at `needle` unless an inner construct already did; returns it. */
export function at(err: unknown, needle: string): unknown {
  if (err instanceof EvalError && err.needle === undefined) err.needle = needle;
  return err;
}

/** Raised when an expression refers to something only known at runtime (kept verbatim). */
export class Unresolved extends Error {
  override name = 'Unresolved';
}

/** An object value. */
export type ValueMap = { [key: string]: Value };

/** HCL's name for the type of a value. */
export function typeName(v: Value): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'object';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

/** True for object (map) values. */
export function isMap(v: Value | undefined): v is ValueMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Converts to a string the way HCL templates do. */
export function toStr(v: Value, what = 'value'): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  throw new EvalError(`${what} must be a string, got ${typeName(v)}`);
}

/** Converts to a number (numeric strings allowed). */
export function toNum(v: Value, what = 'value'): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  throw new EvalError(`${what} must be a number, got ${typeName(v)}${typeof v === 'string' ? ` "${v.slice(0, 40)}"` : ''}`);
}

/** Converts to a bool ("true"/"false" strings allowed). */
export function toBool(v: Value, what = 'value'): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new EvalError(`${what} must be a bool, got ${typeName(v)}`);
}

/** Converts to a list (object values in key order are not lists). */
export function toList(v: Value, what = 'value'): Value[] {
  if (Array.isArray(v)) return v;
  throw new EvalError(`${what} must be a list, got ${typeName(v)}`);
}

/** Converts to an object. */
export function toMap(v: Value, what = 'value'): ValueMap {
  if (isMap(v)) return v;
  throw new EvalError(`${what} must be a map, got ${typeName(v)}`);
}

/** Structural equality as HCL's `==`. */
export function deepEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i] ?? null));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k] ?? null, b[k] ?? null));
  }
  return false;
}

/** Keys of a map in HCL's (lexical) order. */
export function sortedKeys(m: ValueMap): string[] {
  return Object.keys(m).sort();
}
