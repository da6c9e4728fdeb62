/** Validation of what the NomadJob schema cannot express: spread percentages, drivers, duplicate names, RE2 patterns. */
import type { Constraint, Network, NomadJobSpec, Service, Spread, UpdateStrategy } from '../crds/nomadjob-types.js';
import { checkDrivers } from '../controllers/nomadjob/drivers.js';
import { portLabelProblems, regexpProblems, replacementCharProblems } from '../controllers/nomadjob/spec-checks.js';
import { compilePeriodic, effectivePeriodic } from '../controllers/periodic/config.js';
import { updateProblems } from '../controllers/nomadjob/update-checks.js';
import { DEFAULT_JOB_LIMITS, limitProblems, type JobLimits } from '../controllers/nomadjob/job-limits.js';
import { isObj, jsonEqual, objAt, strAt, type Obj } from './object.js';
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
  out.push(...regexpProblems(spec).map((p) => ({ reason: 'FieldValueInvalid', field: p.field, message: p.message })));
  out.push(...portLabelProblems(spec).map((p) => ({ reason: 'FieldValueNotFound', field: p.field, message: p.message })));
  out.push(...periodicProblems(spec));
  out.push(...updateProblems(spec).map((p) => ({ reason: 'FieldValueInvalid', field: p.field, message: p.message })));
  return out;
}

/** A periodic block Nomad would refuse (cron syntax, time zone, job type): the periodic controller's own rules. */
function periodicProblems(spec: NomadJobSpec): StatusCause[] {
  const settings = effectivePeriodic(spec);
  if (!settings) return [];
  const compiled = compilePeriodic(spec, settings);
  return Array.isArray(compiled) ? compiled.map((p) => ({ reason: 'FieldValueInvalid', field: p.field, message: `${p.field}: ${p.message}` })) : [];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);
const objects = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** The fields of an `update` block the checks read. */
function shapeUpdate(v: unknown): UpdateStrategy | undefined {
  if (!isObj(v)) return undefined;
  return {
    maxParallel: num(v.maxParallel), canary: num(v.canary), minHealthyTime: str(v.minHealthyTime), healthyDeadline: str(v.healthyDeadline),
    progressDeadline: str(v.progressDeadline), stagger: str(v.stagger), autoRevert: v.autoRevert === true, autoPromote: v.autoPromote === true,
    healthCheck: str(v.healthCheck) as UpdateStrategy['healthCheck'],
  };
}

/** Keeps only the well-shaped parts the checks read, so hostile input cannot make them throw. */
function shapeSpec(spec: Obj): NomadJobSpec {
  const spreads = (v: unknown): Spread[] =>
    objects(v).map((s) => ({
      attribute: String(s.attribute ?? ''),
      targets: objects(s.targets).map((t) => ({ value: String(t.value ?? ''), percent: typeof t.percent === 'number' ? t.percent : 0 })),
    }));
  const rules = (v: unknown): Constraint[] =>
    objects(v).map((r) => ({ operator: strAt(r, 'operator') as Constraint['operator'], value: strAt(r, 'value') }));
  const networks = (v: unknown): Network[] => objects(v).map((n) => ({ ports: objects(n.ports).map((p) => ({ label: String(p.label ?? '') })) }));
  const services = (v: unknown): Service[] =>
    objects(v).map((s) => ({ name: str(s.name), port: str(s.port), checks: objects(s.checks).map((c) => ({ port: str(c.port) })) as Service['checks'] }));
  const groups = objects(spec.groups).map((g) => ({
    name: strAt(g, 'name') ?? '',
    count: typeof g.count === 'number' ? g.count : undefined,
    update: shapeUpdate(g.update),
    spreads: spreads(g.spreads),
    constraints: rules(g.constraints),
    affinities: rules(g.affinities),
    networks: networks(g.networks),
    services: services(g.services),
    tasks: objects(g.tasks).map((t) => ({
      name: strAt(t, 'name') ?? '', driver: strAt(t, 'driver') ?? '', constraints: rules(t.constraints), affinities: rules(t.affinities),
      services: services(t.services),
      resources: { networks: networks(objAt(t, 'resources')?.networks) },
      config: { ports: objAt(t, 'config')?.ports },
    })),
  }));
  const periodic = objAt(spec, 'periodic');
  return {
    type: str(spec.type) as NomadJobSpec['type'],
    update: shapeUpdate(spec.update),
    stop: spec.stop === true,
    parameterized: isObj(spec.parameterized) ? {} : undefined,
    periodic: periodic
      ? { cron: str(periodic.cron), crons: strings(periodic.crons), timeZone: str(periodic.timeZone), enabled: typeof periodic.enabled === 'boolean' ? periodic.enabled : undefined }
      : undefined,
    spreads: spreads(spec.spreads), constraints: rules(spec.constraints), affinities: rules(spec.affinities), groups,
  } as NomadJobSpec;
}

/** Validates a NomadJob admission request; updates that leave the spec unchanged (status, metadata) always pass. */
export function validateNomadJob(req: AdmissionRequest, limits: JobLimits = DEFAULT_JOB_LIMITS): AdmissionResponse {
  const spec = objAt(req.object, 'spec');
  if (!spec || typeof spec.hcl === 'string') return allow(req.uid);
  if (req.operation === 'UPDATE' && jsonEqual(spec, objAt(req.oldObject, 'spec'))) return allow(req.uid);
  const bytes = Buffer.byteLength(JSON.stringify(spec));
  const shaped = shapeSpec(spec);
  const problems = nomadJobProblems(shaped, limits, bytes);
  // Walk the raw spec for replacement characters only once it is known to be within the size limits.
  if (limitProblems(shaped, limits, bytes).length === 0) {
    problems.push(...replacementCharProblems(spec).map((p) => ({ reason: 'FieldValueInvalid', field: p.field, message: p.message })));
  }
  if (problems.length === 0) return allow(req.uid);
  const name = strAt(objAt(req.object, 'metadata'), 'name') ?? req.name ?? '';
  return deny(req.uid, `NomadJob "${name}" is invalid`, problems);
}
