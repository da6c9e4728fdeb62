/** Validation of a Dispatch against its parameterized parent job, read from the apiserver. */
import type { DispatchSpec } from '../crds/dispatch-types.js';
import type { NomadJob } from '../crds/nomadjob-types.js';
import { validateDispatch } from '../controllers/dispatch/validate.js';
import { isObj, objAt, strAt } from './object.js';
import { allow, deny } from './responses.js';
import type { AdmissionRequest, AdmissionResponse, StatusCause } from './types.js';

/** Reads a NomadJob; undefined when it does not exist (rejects on other API errors). */
export type ReadNomadJob = (namespace: string, name: string) => Promise<NomadJob | undefined>;

function shapeDispatch(spec: Record<string, unknown>): DispatchSpec {
  const out: DispatchSpec = { job: strAt(spec, 'job') ?? '' };
  const meta = objAt(spec, 'meta');
  if (meta) out.meta = Object.fromEntries(Object.entries(meta).map(([k, v]) => [k, typeof v === 'string' ? v : String(v)]));
  if (typeof spec.payload === 'string') out.payload = spec.payload;
  return out;
}

/** The one-line summary: names every missing required meta key, as users look for it first. */
function summary(job: string, missing: string[]): string {
  const base = `Dispatch of job "${job}" rejected`;
  return missing.length > 0 ? `${base}: missing required meta: ${missing.join(', ')}` : base;
}

/**
 * Validates a Dispatch admission request. Idempotency-token reuse is not an error here: the controller answers
 * it with the existing child, as Nomad does.
 */
export async function validateDispatchRequest(req: AdmissionRequest, readJob: ReadNomadJob): Promise<AdmissionResponse> {
  if (req.operation !== 'CREATE') return allow(req.uid);
  const raw = objAt(req.object, 'spec');
  if (!raw || !isObj(raw)) return deny(req.uid, 'Dispatch has no spec', [{ reason: 'FieldValueRequired', field: 'spec', message: 'spec is required' }]);
  const spec = shapeDispatch(raw);
  const namespace = req.namespace ?? strAt(objAt(req.object, 'metadata'), 'namespace') ?? 'default';
  let job: NomadJob | undefined;
  try {
    job = spec.job ? await readJob(namespace, spec.job) : undefined;
  } catch (err) {
    const message = `Cannot read parameterized job "${spec.job}": ${err instanceof Error ? err.message : String(err)}`;
    return deny(req.uid, message, [], 500);
  }
  const problems = validateDispatch(spec, job);
  if (problems.length === 0) return allow(req.uid);
  const isMissing = (p: StatusCause): boolean => p.reason === 'FieldValueRequired' && (p.field ?? '').startsWith('spec.meta.');
  const missing = problems.filter(isMissing).map((p) => p.field.slice('spec.meta.'.length));
  // kubectl prints the causes rather than the message: one cause names every missing key.
  const causes: StatusCause[] = problems.filter((p) => !isMissing(p));
  if (missing.length > 0) causes.unshift({ reason: 'FieldValueRequired', field: 'spec.meta', message: `missing required meta: ${missing.join(', ')}` });
  return deny(req.uid, summary(spec.job, missing), causes);
}
