/** Nomad's checkOrder and set operators: numeric when both sides parse, else lexical; sets split on `,`. */
import { re2Matches } from '../../regexp/re2.js';

const INTEGER = /^[+-]?[0-9]+$/;

function asNumber(text: string): number | null {
  if (INTEGER.test(text.trim())) return Number(text);
  const f = Number(text);
  return text.trim() !== '' && Number.isFinite(f) ? f : null;
}

/** Compares with `<`, `<=`, `>`, `>=`: as numbers when both parse as numbers, otherwise lexically. */
export function checkOrder(op: '<' | '<=' | '>' | '>=', left: string, right: string): boolean {
  const l = asNumber(left);
  const r = asNumber(right);
  const cmp = l !== null && r !== null ? Math.sign(l - r) : left < right ? -1 : left > right ? 1 : 0;
  switch (op) {
    case '<': return cmp < 0;
    case '<=': return cmp <= 0;
    case '>': return cmp > 0;
    case '>=': return cmp >= 0;
  }
}

function items(text: string): string[] {
  return text.split(',').map((s) => s.trim());
}

/** `set_contains` / `set_contains_all`: every right item is in the left set. */
export function setContainsAll(left: string, right: string): boolean {
  const have = new Set(items(left));
  return items(right).every((item) => have.has(item));
}

/** `set_contains_any`: some right item is in the left set. */
export function setContainsAny(left: string, right: string): boolean {
  const have = new Set(items(left));
  return items(right).some((item) => have.has(item));
}

/** Unanchored regexp match (RE2 `MatchString`, linear time); an invalid pattern never matches. */
export function regexpMatches(value: string, pattern: string): boolean {
  return re2Matches(pattern, value);
}
