/**
 * Mutation of NomadJobs carrying raw HCL: translate `spec.hcl` (with `spec.hclVariables`) and replace the whole
 * spec with the structured one. The apiserver has already applied CRD defaults, so a partial patch would keep
 * defaults that the jobspec overrides; `replace /spec` avoids that.
 */
import type { Diagnostic, TranslateOptions, TranslateResult } from '../hcl-translate/index.js';
import { formatDiagnostic } from '../hcl-translate/index.js';
import { DEFAULT_JOB_LIMITS, type JobLimits } from '../controllers/nomadjob/job-limits.js';
import { isObj, objAt, strAt, type Obj } from './object.js';
import { allow, allowPatched, deny, pointerKey } from './responses.js';
import { HCL_SOURCE_ANNOTATION, type AdmissionRequest, type AdmissionResponse, type JsonPatchOp, type StatusCause } from './types.js';

/** The translator the mutation uses (injected so tests and the server share one). */
export type Translate = (source: string, options: TranslateOptions) => Promise<TranslateResult>;

/** Sources larger than this are not copied into the annotation (annotations total at most 256 KiB, and kubectl's last-applied copy doubles it). */
export const MAX_ANNOTATED_SOURCE = 96 * 1024;

/** True when the object needs translating: HCL without groups, or HCL (or its variables) changed since the old object. */
export function needsTranslation(spec: Obj, oldSpec: Obj | undefined): boolean {
  if (typeof spec.hcl !== 'string') return false;
  if (!Array.isArray(spec.groups)) return true;
  if (!oldSpec) return true;
  return oldSpec.hcl !== spec.hcl || JSON.stringify(oldSpec.hclVariables ?? {}) !== JSON.stringify(spec.hclVariables ?? {});
}

/** `spec.hclVariables` as string values, or a cause when it is not a map of strings. */
function readVariables(spec: Obj): { vars: Record<string, string> } | { cause: StatusCause } {
  const raw = spec.hclVariables;
  if (raw === undefined || raw === null) return { vars: {} };
  if (!isObj(raw)) return { cause: { reason: 'FieldValueInvalid', field: 'spec.hclVariables', message: 'spec.hclVariables must be a map of strings' } };
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string') return { cause: { reason: 'FieldValueInvalid', field: `spec.hclVariables.${k}`, message: `spec.hclVariables.${k} must be a string` } };
    vars[k] = v;
  }
  return { vars };
}

function diagnosticCause(d: Diagnostic): StatusCause {
  return { reason: 'FieldValueInvalid', field: 'spec.hcl', message: formatDiagnostic(d) };
}

/** Position of the `job "<label>"` line, for the name-mismatch message. */
function jobLabelPosition(source: string): { line: number; column: number } {
  const lines = source.split('\n');
  const i = lines.findIndex((l) => /^\s*job\s+"/.test(l));
  return i < 0 ? { line: 1, column: 1 } : { line: i + 1, column: (lines[i]?.search(/\S/) ?? 0) + 1 };
}

function sourcePatch(metadata: Obj | undefined, source: string): JsonPatchOp[] {
  if (source.length > MAX_ANNOTATED_SOURCE) return [];
  if (!objAt(metadata, 'annotations')) return [{ op: 'add', path: '/metadata/annotations', value: { [HCL_SOURCE_ANNOTATION]: source } }];
  return [{ op: 'add', path: `/metadata/annotations/${pointerKey(HCL_SOURCE_ANNOTATION)}`, value: source }];
}

/** Translates the source and checks the job label against metadata.name; a patch or a denial. */
async function translateAndPatch(req: AdmissionRequest, source: string, vars: Record<string, string>, translate: Translate): Promise<AdmissionResponse> {
  const metadata = objAt(req.object, 'metadata');
  const name = strAt(metadata, 'name') || req.name || '';
  const filename = name ? `${name}.nomad` : 'spec.hcl';
  const result = await translate(source, { filename, vars });
  if (!result.ok) return deny(req.uid, `NomadJob "${name}" has an invalid jobspec`, result.diagnostics.map(diagnosticCause));
  if (name && result.jobName !== name) {
    const pos = jobLabelPosition(source);
    const message = `${filename}:${pos.line}:${pos.column}: job "${result.jobName}" does not match metadata.name "${name}"; rename one of them`;
    return deny(req.uid, `NomadJob "${name}" has an invalid jobspec`, [{ reason: 'FieldValueInvalid', field: 'metadata.name', message }]);
  }
  const patch: JsonPatchOp[] = [{ op: 'replace', path: '/spec', value: result.spec }, ...sourcePatch(metadata, source)];
  const warnings = result.warnings.map(formatDiagnostic);
  if (source.length > MAX_ANNOTATED_SOURCE) warnings.push(`HCL source is larger than ${MAX_ANNOTATED_SOURCE} bytes; not kept in the ${HCL_SOURCE_ANNOTATION} annotation`);
  return allowPatched(req.uid, patch, warnings);
}

/** Mutates a NomadJob admission request: objects without (changed) HCL pass unchanged; oversized HCL is refused. */
export async function mutateNomadJob(req: AdmissionRequest, translate: Translate, limits: JobLimits = DEFAULT_JOB_LIMITS): Promise<AdmissionResponse> {
  const spec = objAt(req.object, 'spec');
  if (!spec || (req.operation !== 'CREATE' && req.operation !== 'UPDATE')) return allow(req.uid);
  if (!needsTranslation(spec, objAt(req.oldObject, 'spec'))) return allow(req.uid);
  const bytes = Buffer.byteLength(spec.hcl as string);
  if (bytes > limits.maxHclBytes) {
    // Translating is synchronous work proportional to the source: refuse before doing it, so the webhook stays quick.
    const message = `spec.hcl is ${bytes} bytes; at most ${limits.maxHclBytes} are allowed (KUBENOMAD_MAX_HCL_BYTES)`;
    return deny(req.uid, 'NomadJob spec.hcl is too large', [{ reason: 'FieldValueTooLong', field: 'spec.hcl', message }]);
  }
  const vars = readVariables(spec);
  if ('cause' in vars) return deny(req.uid, 'NomadJob spec.hclVariables is invalid', [vars.cause]);
  return translateAndPatch(req, spec.hcl as string, vars.vars, translate);
}
