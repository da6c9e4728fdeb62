/**
 * The diff half of `kubenomad plan`, in the layout of Nomad's `job plan` (command/job_plan.go): markers `+`, `-`,
 * `+/-`, fields `Name: "old" => "new"`, per-group update counts and `forces …` annotations. Pure: data in, text out.
 */
import type { NomadJobSpec, Task, TaskGroup } from '../crds/nomadjob-types.js';

/** What the planner decided for one group's allocations. */
export interface GroupUpdates {
  create: number;
  destroy: number;
  inPlace: number;
  destructive: number;
  ignore: number;
  /** Canaries placed beside the old allocations (update.canary). */
  canary?: number;
}

type Marker = '+' | '-' | '+/-' | '';

const SKIP_JOB_KEYS = new Set(['groups', 'hcl', 'hclVariables']);
const SKIP_GROUP_KEYS = new Set(['name', 'tasks', 'count']);
/**
 * Whether `after` (from the jobspec) says nothing different from `before` (stored, with the CRD defaults the
 * apiserver added): every field `after` sets matches; fields only `before` has are defaults, not removals.
 */
export function matches(after: unknown, before: unknown): boolean {
  if (after === undefined) return true;
  if (Array.isArray(after)) return Array.isArray(before) && before.length === after.length && after.every((v, i) => matches(v, before[i]));
  if (typeof after === 'object' && after !== null) {
    if (typeof before !== 'object' || before === null || Array.isArray(before)) return false;
    const b = before as Record<string, unknown>;
    return Object.entries(after).every(([k, v]) => matches(v, b[k]));
  }
  return after === before;
}
const same = (before: unknown, after: unknown): boolean => matches(after, before);
const title = (k: string): string => k.charAt(0).toUpperCase() + k.slice(1);
const show = (v: unknown): string => JSON.stringify(Array.isArray(v) ? v.join(',') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v ?? ''));

/** `marker text`, with an empty marker padded to `width` so siblings line up. */
function line(indent: string, marker: Marker, text: string, width: number): string {
  return `${indent}${marker.padEnd(width)}${width > 0 ? ' ' : ''}${text}`;
}

/** Field lines (`+/- Priority: "50" => "60"`) for keys that differ. */
function fieldLines(before: object | undefined, after: object | undefined, skip: Set<string>): Array<[Marker, string]> {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !skip.has(k)).sort();
  const out: Array<[Marker, string]> = [];
  for (const k of keys) {
    if (same(b[k], a[k])) continue;
    if (b[k] === undefined) out.push(['+', `${title(k)}: ${show(a[k])}`]);
    else out.push(['+/-', `${title(k)}: ${show(b[k])} => ${show(a[k])}`]);
  }
  return out;
}

/** `(14 create, 1 in-place update)`: non-zero counts, sorted by label as Nomad does. */
export function formatUpdates(u: GroupUpdates): string {
  const parts: Array<[string, number]> = [
    ['canary', u.canary ?? 0], ['create', u.create], ['create/destroy update', u.destructive], ['destroy', u.destroy], ['ignore', u.ignore], ['in-place update', u.inPlace],
  ];
  const shown = parts.filter(([, n]) => n > 0).map(([label, n]) => `${n} ${label}`);
  return shown.length ? ` (${shown.join(', ')})` : '';
}

function taskLines(before: Task[], after: Task[], groupMarker: Marker, u: GroupUpdates): Array<[Marker, string]> {
  const names = [...new Set([...before.map((t) => t.name), ...after.map((t) => t.name)])];
  return names.map((name): [Marker, string] => {
    const b = before.find((t) => t.name === name);
    const a = after.find((t) => t.name === name);
    if (groupMarker === '+') return ['+', `Task: "${name}" (forces create)`];
    if (groupMarker === '-') return ['-', `Task: "${name}" (forces destroy)`];
    if (!b) return ['+', `Task: "${name}" (forces create/destroy update)`];
    if (!a) return ['-', `Task: "${name}" (forces create/destroy update)`];
    if (same(b, a)) return ['', `Task: "${name}"`];
    return ['+/-', `Task: "${name}" (forces ${u.destructive > 0 ? 'create/destroy' : 'in-place'} update)`];
  });
}

function groupMarker(before: TaskGroup | undefined, after: TaskGroup | undefined): Marker {
  if (!before) return '+';
  if (!after) return '-';
  return same(before, after) ? '' : '+/-';
}

/** `+/- Count: "1" => "15" (forces create)` when the count changed. */
function countLine(before: TaskGroup, after: TaskGroup): Array<[Marker, string]> {
  const b = before.count ?? 1;
  const a = after.count ?? 1;
  if (a === b) return [];
  return [['+/-', `Count: "${b}" => "${a}" (forces ${a > b ? 'create' : 'destroy'})`]];
}

function groupLines(before: TaskGroup | undefined, after: TaskGroup | undefined, u: GroupUpdates): string[] {
  const name = (after ?? before)?.name ?? '';
  const marker = groupMarker(before, after);
  const children: Array<[Marker, string]> = before && after ? [...countLine(before, after), ...fieldLines(before, after, SKIP_GROUP_KEYS)] : [];
  children.push(...taskLines(before?.tasks ?? [], after?.tasks ?? [], marker, u));
  const width = Math.max(0, ...children.map(([m]) => m.length));
  const head = `${marker ? `${marker} ` : ''}Task Group: "${name}"${formatUpdates(u)}`;
  return [head, ...children.map(([m, text]) => line('  ', m, text, width))];
}

/** The diff section of `nomad job plan` (before the `Scheduler dry-run:` section). */
export function formatJobDiff(name: string, before: NomadJobSpec | undefined, after: NomadJobSpec, updates: Record<string, GroupUpdates>): string {
  const zero: GroupUpdates = { create: 0, destroy: 0, inPlace: 0, destructive: 0, ignore: 0 };
  const fields = before ? fieldLines(before, after, SKIP_JOB_KEYS) : [];
  const groupsBefore = before?.groups ?? [];
  const groupsAfter = after.groups ?? [];
  const changed = !before || fields.length > 0 || !same(groupsBefore, groupsAfter);
  const lines = [`${!before ? '+ ' : changed ? '+/- ' : ''}Job: "${name}"`];
  const width = Math.max(0, ...fields.map(([m]) => m.length));
  lines.push(...fields.map(([m, text]) => line('', m, text, width)));
  const names = [...new Set([...groupsAfter.map((g) => g.name), ...groupsBefore.map((g) => g.name)])];
  for (const g of names) {
    const b = groupsBefore.find((x) => x.name === g);
    lines.push(...groupLines(b, groupsAfter.find((x) => x.name === g), updates[g] ?? zero));
  }
  return lines.join('\n');
}
