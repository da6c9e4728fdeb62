/**
 * Validation of a Dispatch against its parameterized job, as Nomad's `Job.Dispatch` and
 * `validateDispatchRequest` (nomad/job_endpoint.go), but returning every problem at once, each with a
 * field path, in the shape of a Kubernetes StatusCause so an admission webhook can return them as is.
 */
import type { DispatchSpec } from '../../crds/dispatch-types.js';
import type { NomadJob } from '../../crds/nomadjob-types.js';

/** Nomad's `DispatchPayloadSizeLimit`: 16 KiB of decoded (uncompressed) payload. */
export const DISPATCH_PAYLOAD_SIZE_LIMIT = 16 * 1024;

/** Kubernetes StatusCause reasons used here. */
export type DispatchProblemReason =
  | 'FieldValueNotFound' | 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueForbidden' | 'FieldValueTooLong' | 'FieldValueNotSupported';

/** One problem, as a Kubernetes StatusCause (`reason`, `field`, `message`). */
export interface DispatchProblem {
  reason: DispatchProblemReason;
  field: string;
  message: string;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decoded length of a base64 string, or undefined when it is not valid (padded, standard alphabet) base64. */
export function decodedLength(base64: string): number | undefined {
  if (!BASE64.test(base64)) return undefined;
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return (base64.length / 4) * 3 - padding;
}

/**
 * Every reason Nomad would refuse this dispatch (empty when it may proceed). `job` is the NomadJob named
 * by spec.job, or undefined when it does not exist.
 */
export function validateDispatch(spec: DispatchSpec, job: NomadJob | undefined): DispatchProblem[] {
  if (!job) return [{ reason: 'FieldValueNotFound', field: 'spec.job', message: `parameterized job "${spec.job}" not found` }];
  const config = job.spec.parameterized;
  if (!config) return [{ reason: 'FieldValueInvalid', field: 'spec.job', message: `Specified job "${spec.job}" is not a parameterized job` }];
  const problems: DispatchProblem[] = [];
  if (job.spec.stop) problems.push({ reason: 'FieldValueInvalid', field: 'spec.job', message: `Specified job "${spec.job}" is stopped` });
  problems.push(...payloadProblems(spec.payload ?? '', config.payload ?? 'optional'));
  problems.push(...metaProblems(spec.meta ?? {}, config.metaRequired ?? [], config.metaOptional ?? []));
  return problems;
}

function payloadProblems(payload: string, mode: 'optional' | 'required' | 'forbidden'): DispatchProblem[] {
  const field = 'spec.payload';
  const given = payload.length > 0;
  if (mode === 'required' && !given) return [{ reason: 'FieldValueRequired', field, message: 'Payload is not provided but required by parameterized job' }];
  if (mode === 'forbidden' && given) return [{ reason: 'FieldValueForbidden', field, message: 'Payload provided but forbidden by parameterized job' }];
  if (!given) return [];
  const size = decodedLength(payload);
  if (size === undefined) return [{ reason: 'FieldValueInvalid', field, message: 'Payload is not valid base64 (standard alphabet, with padding)' }];
  if (size > DISPATCH_PAYLOAD_SIZE_LIMIT) {
    return [{ reason: 'FieldValueTooLong', field, message: `Payload exceeds maximum size; ${size} > ${DISPATCH_PAYLOAD_SIZE_LIMIT}` }];
  }
  return [];
}

function metaProblems(meta: Record<string, string>, required: string[], optional: string[]): DispatchProblem[] {
  const allowed = new Set([...required, ...optional]);
  const problems: DispatchProblem[] = [];
  const unpermitted = Object.keys(meta).filter((k) => !allowed.has(k)).sort();
  const permittedList = [...allowed].sort().join(', ') || 'none';
  for (const key of unpermitted) {
    problems.push({
      reason: 'FieldValueNotSupported', field: `spec.meta.${key}`,
      message: `Dispatch request included unpermitted metadata key "${key}" (unpermitted: ${unpermitted.join(', ')}; permitted: ${permittedList})`,
    });
  }
  const missing = required.filter((k) => !(k in meta));
  for (const key of missing) {
    problems.push({
      reason: 'FieldValueRequired', field: `spec.meta.${key}`,
      message: `Dispatch did not provide required meta key "${key}" (missing: ${missing.join(', ')})`,
    });
  }
  return problems;
}
