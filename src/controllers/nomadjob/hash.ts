/** Deterministic hashing helpers: canonical JSON and short hex digests. */
import { createHash } from 'node:crypto';

/** JSON with object keys sorted and `undefined` members dropped, so equal values hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) sorted[key] = sortKeys(member);
  }
  return sorted;
}

/** The SHA-256 of a string, in lowercase hex. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The first `length` hex characters of the SHA-256 of a string. */
export function shortHash(text: string, length: number): string {
  return sha256Hex(text).slice(0, length);
}
