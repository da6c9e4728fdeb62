/** Validation of what the NomadJob schema cannot express: spread percentages, drivers, duplicate names, RE2 patterns. */
import type { Constraint, NomadJobSpec, Spread } from '../crds/nomadjob-types.js';
import { checkDrivers } from '../controllers/nomadjob/drivers.js';
import { regexpProblems } from '../controllers/nomadjob/spec-checks.js';
import { updateProblems } from '../controllers/nomadjob/update-checks.js';
import { DEFAULT_JOB_LIMITS, limitProblems, type JobLimits } from '../controllers/nomadjob/job-limits.js';
import { arrAt, isObj, jsonEqual, objAt, strAt, type Obj } from './object.js';
import { allow, deny } from './responses.js';
import type { AdmissionRequest, AdmissionResponse, StatusCause } from './types.js';

/** Problems of one spread block (Nomad's Spread.Validate): duplicate target values, percentages over 100. */
export function spreadProblems(spread: Spread, field: string): StatusCause[] {
  const out: StatusCause[] = [];
  const seen = new Set<string>();
  let sum = 0;
  for (const t of Array.isArray(spread.targets) ? spread.targets : []) {
    if (seen.has(t.value)) out.push({ reason: 'FieldValueDuplicate', field: `${field}.targets`, message: `${field}: spread target value "${t.value}" already defined` });
    seen.add(t.value);
    sum += typeof t.percent === 'number' ? t.percent : 0;
  }
  if (sum > 100) {
    out.push({ reason: 'FieldValueInvalid', field: `${field}.targets`, message: `${field}: sum of spread target percentages must not be greater than 100%; got ${sum}%` });
  }
  return out;
}

function duplicates(names: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const n of names) (seen.has(n) ? dup : seen).add(n);
  return [...dup];
}

function nameProblems(spec: NomadJobSpec): StatusCause[] {
  const groups = spec.groups ?? [];
  const out: StatusCause[] = duplicates(groups.map((g) => g.name)).map((n) => ({
    reason: 'FieldValueDuplicate', field: 'spec.groups', message: `Job task group "${n}" is defined more than once`,
  }));
  groups.forEach((g, i) => {
    for (const t of duplicates((g.tasks ?? []).map((task) => task.name))) {
      out.push({ reason: 'FieldValueDuplicate', field: `spec.groups[${i}].tasks`, message: `Task group "${g.name}": task "${t}" is defined more than once` });
    }
  });
  return out;
}

/** Every problem of a NomadJob spec the schema cannot catch (empty when valid). */
export function nomadJobProblems(spec: NomadJobSpec, limits: JobLimits = DEFAULT_JOB_LIMITS, bytes?: number): StatusCause[] {
  const out: StatusCause[] = limitProblems(spec, limits, bytes).map((p) => ({ reason: 'FieldValueTooLong', field: p.field, message: p.message }));
  if (out.length > 0) return out; // the other checks walk the spec: not over an unbounded one
  (spec.spreads ?? []).forEach((s, i) => out.push(...spreadProblems(s, `spec.spreads[${i}]`)));
  (spec.groups ?? []).forEach((g, gi) => (g.spreads ?? []).forEach((s, si) => out.push(...spreadProblems(s, `spec.groups[${gi}].spreads[${si}]`))));
  out.push(...nameProblems(spec));
  out.push(...checkDrivers(spec).map((message) => ({ reason: 'FieldValueNotSupported', field: 'spec.groups', message })));
  out.push(...[...regexpProblems(spec), ...updateProblems(spec)].map((p) => ({ reason: 'FieldValueInvalid', field: p.field, message: p.message })));
  return out;
}

/** Keeps only the well-shaped parts the checks read, so hostile input cannot make them throw. */
function shapeSpec(spec: Obj): NomadJobSpec {
  const spreads = (v: unknown): Spread[] =>
    (Array.isArray(v) ? v : []).filter(isObj).map((s) => ({
      attribute: String(s.attribute ?? ''),
      targets: (arrAt(s, 'targets') ?? []).filter(isObj).map((t) => ({ value: String(t.value ?? ''), percent: typeof t.percent === 'number' ? t.percent : 0 })),
    }));
  const rules = (v: unknown): Constraint[] =>
    (Array.isArray(v) ? v : []).filter(isObj).map((r) => ({ operator: strAt(r, 'operator') as Constraint['operator'], value: strAt(r, 'value') }));
  const groups = (arrAt(spec, 'groups') ?? []).filter(isObj).map((g) => ({
    name: strAt(g, 'name') ?? '',
    count: typeof g.count === 'number' ? g.count : undefined,
    spreads: spreads(g.spreads),
    constraints: rules(g.constraints),
    affinities: rules(g.affinities),
    tasks: (arrAt(g, 'tasks') ?? []).filter(isObj).map((t) => ({
      name: strAt(t, 'name') ?? '', driver: strAt(t, 'driver') ?? '', constraints: rules(t.constraints), affinities: rules(t.affinities),
    })),
  }));
  return { spreads: spreads(spec.spreads), constraints: rules(spec.constraints), affinities: rules(spec.affinities), groups };
}

/** Validates a NomadJob admission request; updates that leave the spec unchanged (status, metadata) always pass. */
export function validateNomadJob(req: AdmissionRequest, limits: JobLimits = DEFAULT_JOB_LIMITS): AdmissionResponse {
  const spec = objAt(req.object, 'spec');
  if (!spec || typeof spec.hcl === 'string') return allow(req.uid);
  if (req.operation === 'UPDATE' && jsonEqual(spec, objAt(req.oldObject, 'spec'))) return allow(req.uid);
  const problems = nomadJobProblems(shapeSpec(spec), limits, Buffer.byteLength(JSON.stringify(spec)));
  if (problems.length === 0) return allow(req.uid);
  const name = strAt(objAt(req.object, 'metadata'), 'name') ?? req.name ?? '';
  return deny(req.uid, `NomadJob "${name}" is invalid`, problems);
}
