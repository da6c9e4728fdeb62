/**
 * hashicorp/go-version semantics, reimplemented: version parsing, ordering and constraint strings such as
 * `>= 1.2, < 2.0` or `~> 1.2`. `semver` mode is Nomad's strict SemVer operator: no `~>`, and prereleases
 * are plain ordered versions (no go-version prerelease gate).
 */

/** A parsed version: numeric segments (padded to 3), the original segment count and the prerelease. */
export interface Version {
  segments: number[];
  specified: number;
  prerelease: string;
}

const LOOSE = /^v?([0-9]+(?:\.[0-9]+)*)(?:-?([0-9A-Za-z\-~]+(?:\.[0-9A-Za-z\-~]+)*))?(?:\+([0-9A-Za-z\-~]+(?:\.[0-9A-Za-z\-~]+)*))?$/;
const STRICT = /^v?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** Parses a version, or null when it is not one (`strict` demands SemVer's MAJOR.MINOR.PATCH). */
export function parseVersion(text: string, strict = false): Version | null {
  const trimmed = text.trim();
  if (strict) {
    const m = STRICT.exec(trimmed);
    if (!m) return null;
    return { segments: [Number(m[1]), Number(m[2]), Number(m[3])], specified: 3, prerelease: m[4] ?? '' };
  }
  const m = LOOSE.exec(trimmed);
  if (!m || m[1] === undefined) return null;
  const segments = m[1].split('.').map(Number);
  const specified = segments.length;
  while (segments.length < 3) segments.push(0);
  return { segments, specified, prerelease: m[2] ?? '' };
}

function comparePrereleasePart(a: string, b: string): number {
  const an = /^[0-9]+$/.test(a);
  const bn = /^[0-9]+$/.test(b);
  if (an && bn) return Math.sign(Number(a) - Number(b));
  if (an !== bn) return an ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePrerelease(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const ap = a.split('.');
  const bp = b.split('.');
  for (let i = 0; i < Math.max(ap.length, bp.length); i++) {
    if (ap[i] === undefined) return -1;
    if (bp[i] === undefined) return 1;
    const c = comparePrereleasePart(ap[i] as string, bp[i] as string);
    if (c !== 0) return c;
  }
  return 0;
}

/** Orders two versions: segments numerically, then a release above its prereleases. */
export function compareVersions(a: Version, b: Version): number {
  const n = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const d = (a.segments[i] ?? 0) - (b.segments[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return comparePrerelease(a.prerelease, b.prerelease);
}

/** go-version's prereleaseCheck: a prerelease only satisfies constraints naming a prerelease of the same base. */
function prereleaseOk(v: Version, c: Version): boolean {
  if (v.prerelease !== '' && c.prerelease !== '') return v.segments.join('.') === c.segments.join('.');
  return !(v.prerelease !== '' && c.prerelease === '');
}

function pessimistic(v: Version, c: Version): boolean {
  if (!prereleaseOk(v, c) || (c.prerelease !== '' && v.prerelease === '')) return false;
  if (compareVersions(v, c) < 0) return false;
  if (c.specified > v.segments.length) return false;
  for (let i = 0; i < c.specified - 1; i++) if (v.segments[i] !== c.segments[i]) return false;
  return (c.segments[c.specified - 1] ?? 0) <= (v.segments[c.specified - 1] ?? 0);
}

type Op = '=' | '!=' | '>' | '<' | '>=' | '<=' | '~>';

/** Ordering operators as tests on the comparison result. */
const ORDERED: Record<'>' | '<' | '>=' | '<=', (cmp: number) => boolean> = {
  '>': (cmp) => cmp > 0,
  '<': (cmp) => cmp < 0,
  '>=': (cmp) => cmp >= 0,
  '<=': (cmp) => cmp <= 0,
};

function check(op: Op, v: Version, c: Version, strict: boolean): boolean {
  if (op === '~>') return pessimistic(v, c);
  const cmp = compareVersions(v, c);
  if (op === '=') return cmp === 0;
  if (op === '!=') return cmp !== 0;
  // Ordering against a pre-release only holds within the same version (unless strict semver).
  return (strict || prereleaseOk(v, c)) && ORDERED[op](cmp);
}

const CONSTRAINT = /^\s*(~>|>=|<=|!=|=|>|<)?\s*(\S+)\s*$/;

/** Whether `version` satisfies every comma-separated constraint; unparsable input never matches. */
export function versionMatches(version: string, constraints: string, strict = false): boolean {
  const v = parseVersion(version, strict);
  if (!v) return false;
  for (const part of constraints.split(',')) {
    const m = CONSTRAINT.exec(part);
    if (!m || m[2] === undefined) return false;
    const op = (m[1] ?? '=') as Op;
    if (strict && op === '~>') return false;
    const c = parseVersion(m[2], strict);
    if (!c || !check(op, v, c, strict)) return false;
  }
  return true;
}
