/**
 * Regular expressions with Nomad's semantics: Go's RE2 syntax and linear-time matching (re2js, a port of RE2), so
 * no pattern and no input can hold the event loop (JavaScript's backtracking RegExp takes exponential time on
 * `^(a+)+$`). Every user-supplied pattern — constraint `regexp`, HCL `regex`/`regexall`/`replace` — goes through here.
 */
import { RE2JS } from 're2js';

/** A compiled pattern, or the reason it does not compile (RE2's own message). */
export type Compiled = { ok: true; re: RE2JS } | { ok: false; error: string };

const cache = new Map<string, Compiled>();
const CACHE_LIMIT = 1024;

/** Compiles a pattern (cached; the cache is bounded). */
export function compileRe2(pattern: string): Compiled {
  let compiled = cache.get(pattern);
  if (compiled) return compiled;
  try {
    compiled = { ok: true, re: RE2JS.compile(pattern) };
  } catch (err) {
    compiled = { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(pattern, compiled);
  return compiled;
}

/** Why a pattern is not valid RE2, or null when it is. */
export function re2Error(pattern: string): string | null {
  const compiled = compileRe2(pattern);
  return compiled.ok ? null : compiled.error;
}

/** Unanchored match (Go's `MatchString`); an invalid pattern never matches. */
export function re2Matches(pattern: string, value: string): boolean {
  const compiled = compileRe2(pattern);
  return compiled.ok && compiled.re.matcher(value).find();
}

/** One match: the whole text, the numbered groups (empty string when a group did not take part) and named groups. */
export interface Re2Match {
  text: string;
  groups: string[];
  named: Record<string, string>;
}

/** Every non-overlapping match, in order (Go's `FindAllStringSubmatch`), at most `limit`. */
export function re2FindAll(re: RE2JS, value: string, limit = Infinity): Re2Match[] {
  const out: Re2Match[] = [];
  const m = re.matcher(value);
  const names = Object.entries(re.namedGroups());
  while (out.length < limit && m.find()) {
    const groups = Array.from({ length: re.groupCount() }, (_, i) => m.group(i + 1) ?? '');
    out.push({ text: m.group(0) ?? '', groups, named: Object.fromEntries(names.map(([n, i]) => [n, m.group(i) ?? ''])) });
  }
  return out;
}

/** Replaces every match (Go's `ReplaceAllString`: `$1`, `${1}`, `${name}` in the replacement). */
export function re2ReplaceAll(re: RE2JS, value: string, replacement: string): string {
  return re.matcher(value).replaceAll(replacement.replace(/\$\{(\d+)\}/g, '$$$1'));
}
