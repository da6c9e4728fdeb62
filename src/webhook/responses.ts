/** Builders of AdmissionResponse values: allow, deny (with causes), patch; warnings bounded as the API requires. */
import type { AdmissionResponse, JsonPatchOp, StatusCause } from './types.js';

/** The apiserver drops warnings longer than this (k8s.io/apiserver admission warning limit). */
export const MAX_WARNING_LENGTH = 256;
const MAX_WARNINGS = 50;
const MAX_MESSAGE_LENGTH = 16 * 1024;

/** Truncates and sanitises warnings to what the apiserver accepts (printable, ≤ 256 characters). */
export function boundWarnings(warnings: string[]): string[] {
  return warnings.slice(0, MAX_WARNINGS).map((w) => {
    const clean = w.replace(/[^\x20-\x7e]/g, ' ');
    return clean.length <= MAX_WARNING_LENGTH ? clean : `${clean.slice(0, MAX_WARNING_LENGTH - 3)}...`;
  });
}

/** Allows the request unchanged. */
export function allow(uid: string, warnings: string[] = []): AdmissionResponse {
  const r: AdmissionResponse = { uid, allowed: true };
  if (warnings.length > 0) r.warnings = boundWarnings(warnings);
  return r;
}

/** Allows the request with a JSON Patch. */
export function allowPatched(uid: string, patch: JsonPatchOp[], warnings: string[] = []): AdmissionResponse {
  return { ...allow(uid, warnings), patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(patch)).toString('base64') };
}

/** Denies the request with HTTP 422 (Invalid): the message lists every cause, one per line. */
export function deny(uid: string, summary: string, causes: StatusCause[], code = 422): AdmissionResponse {
  const lines = causes.map((c) => c.message);
  const full = lines.length === 0 ? summary : `${summary}:\n${lines.join('\n')}`;
  const message = full.length <= MAX_MESSAGE_LENGTH ? full : `${full.slice(0, MAX_MESSAGE_LENGTH - 3)}...`;
  const reason = code === 422 ? 'Invalid' : code === 400 ? 'BadRequest' : 'InternalError';
  return { uid, allowed: false, status: { code, reason, message, details: { causes: causes.slice(0, 100) } } };
}

/** Escapes a key for a JSON Pointer (RFC 6901). */
export function pointerKey(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
