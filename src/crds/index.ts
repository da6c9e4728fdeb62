/**
 * kubenomad's CRDs (kubenomad.io/v1alpha1): NomadJob, Dispatch, Periodic.
 *
 * The TypeScript types (nomadjob-types.ts, dispatch-types.ts, periodic-types.ts) are the contract; the
 * schemas in ./schema mirror them (checked by the compiler) and are rendered into deploy/crds by
 * `npm run gen:crds`. The operator installs the same objects through `crds` or `renderCrds()`.
 */
import { allCrds } from './schema/kinds.js';
import { renderCrdFiles } from './schema/render.js';

export type { CustomResourceDefinition, PrinterColumn, ScaleSubresource } from './schema/crd.js';
export type { JSONSchemaProps, ValidationRule } from './schema/builders.js';
export type { CrdExample } from './schema/examples.js';
export { GROUP, VERSION } from './schema/crd.js';
export { nomadJobCrd, dispatchCrd, periodicCrd } from './schema/kinds.js';
export { crdExamples, makeGroup, makeNomadJob, makeTask } from './schema/examples.js';
export { crdFileName, GENERATED_HEADER } from './schema/render.js';
export { structuralProblems, undocumentedFields, invalidDefaults, validateValue } from './schema/check.js';

/** All kubenomad CRDs as objects, in installation order. */
export const crds = allCrds;

/** The generated files of deploy/crds: file name (e.g. "kubenomad.io_nomadjobs.yaml") → YAML text. */
export function renderCrds(): Record<string, string> {
  return renderCrdFiles(allCrds);
}
