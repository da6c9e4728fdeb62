/**
 * api.JobDiff between two api.Job values (`?diffs=true` of /v1/job/:id/versions), in Nomad's structure: the job's
 * fields, its task groups by Name and their tasks by Name, each Added, Deleted, Edited or None; nested objects
 * (Update, Config, Resources, …) become ObjectDiffs, lists of values are compared as sets of entries as Nomad does.
 * Server-filled fields (indexes, times, status, version) are not compared.
 */
type Obj = Record<string, unknown>;
type DiffType = 'Added' | 'Deleted' | 'Edited' | 'None';

/** Nomad's FieldDiff and ObjectDiff. */
export interface FieldDiff { Type: DiffType; Name: string; Old: string; New: string; Annotations: null }
export interface ObjectDiff { Type: DiffType; Name: string; Fields: FieldDiff[] | null; Objects: ObjectDiff[] | null }

const SERVER_FIELDS = new Set([
  'Status', 'StatusDescription', 'Stable', 'Version', 'SubmitTime', 'CreateIndex', 'ModifyIndex', 'JobModifyIndex', 'Namespace', 'ParentID', 'Dispatched',
]);

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));

function typeOf(before: unknown, after: unknown, changed: boolean): DiffType {
  if (before === undefined || before === null) return 'Added';
  if (after === undefined || after === null) return 'Deleted';
  return changed ? 'Edited' : 'None';
}

/** Field diffs of a list of values: each entry only on one side, Added or Deleted. */
function listFields(name: string, before: unknown[], after: unknown[]): FieldDiff[] {
  const b = before.map(text);
  const a = after.map(text);
  return [
    ...b.filter((x) => !a.includes(x)).map((x): FieldDiff => ({ Type: 'Deleted', Name: name, Old: x, New: '', Annotations: null })),
    ...a.filter((x) => !b.includes(x)).map((x): FieldDiff => ({ Type: 'Added', Name: name, Old: '', New: x, Annotations: null })),
  ];
}

/** The changed fields and objects of two objects (keys in `skip` left out), sorted by name. */
export function diffFields(before: Obj, after: Obj, skip: ReadonlySet<string> = new Set()): { Fields: FieldDiff[]; Objects: ObjectDiff[] } {
  const out = { Fields: [] as FieldDiff[], Objects: [] as ObjectDiff[] };
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !skip.has(k)).sort();
  for (const k of keys) diffValue(k, before[k], after[k], out);
  return out;
}

/** Adds the diff of one key's values: an object, a list, or a value. */
function diffValue(k: string, b: unknown, a: unknown, out: { Fields: FieldDiff[]; Objects: ObjectDiff[] }): void {
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  if (isObj(b) || isObj(a)) {
    const inner = diffFields(isObj(b) ? b : {}, isObj(a) ? a : {});
    if (inner.Fields.length + inner.Objects.length > 0) out.Objects.push({ Type: typeOf(b, a, true), Name: k, Fields: inner.Fields, Objects: inner.Objects });
  } else if (Array.isArray(b) || Array.isArray(a)) {
    if (list(b).some(isObj) || list(a).some(isObj)) diffObjectList(k, list(b), list(a), out.Objects);
    else out.Fields.push(...listFields(k, list(b), list(a)));
  } else if (text(b) !== text(a)) {
    out.Fields.push({ Type: typeOf(b, a, true), Name: k, Old: text(b), New: text(a), Annotations: null });
  }
}

/** Lists of objects (Networks, Services, …) compared by position. */
function diffObjectList(name: string, before: unknown[], after: unknown[], into: ObjectDiff[]): void {
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    const [b, a] = [before[i], after[i]];
    const inner = diffFields(isObj(b) ? b : {}, isObj(a) ? a : {});
    if (inner.Fields.length + inner.Objects.length > 0) into.push({ Type: typeOf(b, a, true), Name: name, Fields: inner.Fields, Objects: inner.Objects });
  }
}

/** Named children (task groups, tasks) matched by Name: each with its type and its own diff. */
export function byName(before: unknown, after: unknown): Array<{ name: string; before?: Obj; after?: Obj }> {
  const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
  const [b, a] = [list(before), list(after)];
  const names = [...new Set([...b, ...a].map((x) => String(x.Name ?? '')))].sort();
  return names.map((name) => ({ name, before: b.find((x) => x.Name === name), after: a.find((x) => x.Name === name) }));
}

/** api.TaskDiff or api.TaskGroupDiff fields of one named child; `children` are its tasks for a group. */
function namedDiff(before: Obj | undefined, after: Obj | undefined, skip: ReadonlySet<string>): { Type: DiffType; Fields: FieldDiff[]; Objects: ObjectDiff[] } {
  const d = diffFields(before ?? {}, after ?? {}, skip);
  return { Type: typeOf(before, after, d.Fields.length + d.Objects.length > 0), ...d };
}

/** api.JobDiff of `before` → `after` (two api.Job values of the same job). */
export function jobDiff(before: Obj, after: Obj): Obj {
  const top = diffFields(before, after, new Set([...SERVER_FIELDS, 'TaskGroups']));
  const groups = byName(before.TaskGroups, after.TaskGroups).map((g) => {
    const d = namedDiff(g.before, g.after, new Set(['Name', 'Tasks']));
    const tasks = byName(g.before?.Tasks, g.after?.Tasks).map((t) => ({ ...namedDiff(t.before, t.after, new Set(['Name'])), Name: t.name, Annotations: null }));
    const type = d.Type === 'None' && tasks.some((t) => t.Type !== 'None') ? 'Edited' : d.Type;
    return { Type: type, Name: g.name, Fields: d.Fields, Objects: d.Objects, Tasks: tasks, Updates: null };
  });
  const changed = top.Fields.length + top.Objects.length > 0 || groups.some((g) => g.Type !== 'None');
  return { Type: changed ? 'Edited' : 'None', ID: String(after.ID ?? before.ID ?? ''), Fields: top.Fields, Objects: top.Objects, TaskGroups: groups };
}
