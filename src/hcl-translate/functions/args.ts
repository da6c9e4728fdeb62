/** Argument checking helpers for HCL functions. */
import type { Value } from '../expr/ast.js';
import { EvalError } from '../expr/values.js';

/** Returns argument `i`, or fails with the function's name when it is missing. */
export function arg(args: Value[], i: number, fn: string): Value {
  const v = args[i];
  if (v === undefined) throw new EvalError(`${fn}() needs at least ${i + 1} argument${i === 0 ? '' : 's'}`);
  return v;
}

/** Fails unless the function got between `min` and `max` arguments. */
export function arity(args: Value[], fn: string, min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new EvalError(`${fn}() takes ${want} argument${want === '1' ? '' : 's'}, got ${args.length}`);
  }
}

/** Fails when a produced collection would be unreasonably large. */
export function capSize(n: number, fn: string): void {
  if (n > 100_000) throw new EvalError(`${fn}() would produce ${n} elements; the limit is 100000`);
}
