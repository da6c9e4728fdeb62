/** Defensive readers of untrusted admission objects (anything may arrive: wrong types, huge, nested). */

/** A plain JSON object. */
export type Obj = Record<string, unknown>;

/** True for a non-null, non-array object. */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `obj[key]` when it is an object, else undefined. */
export function objAt(obj: unknown, key: string): Obj | undefined {
  if (!isObj(obj)) return undefined;
  const v = obj[key];
  return isObj(v) ? v : undefined;
}

/** `obj[key]` when it is a string, else undefined. */
export function strAt(obj: unknown, key: string): string | undefined {
  if (!isObj(obj)) return undefined;
  const v = obj[key];
  return typeof v === 'string' ? v : undefined;
}

/** `obj[key]` when it is an array, else undefined. */
export function arrAt(obj: unknown, key: string): unknown[] | undefined {
  if (!isObj(obj)) return undefined;
  const v = obj[key];
  return Array.isArray(v) ? v : undefined;
}

/** Structural equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (!isObj(a) || !isObj(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
}
