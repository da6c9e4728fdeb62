/**
 * Nomad's job version: 0 for the first spec a job is seen with, one more at every spec change (a revert to an old
 * spec is a new version too). The counter and the hash of the spec it counts live in the NomadJob's status.
 */
import type { NomadJobSpec, NomadJobStatus } from '../../crds/nomadjob-types.js';
import { canonicalJson, shortHash } from './hash.js';

/** The job version this spec runs as, and whether it is new. */
export interface JobVersionInfo {
  version: number;
  specHash: string;
  /** The spec differs from the one the previous status recorded (false for a job's first version). */
  changed: boolean;
}

/** Hash of everything in the spec but the raw HCL it was translated from. */
export function specHash(spec: NomadJobSpec): string {
  return shortHash(canonicalJson({ ...spec, hcl: undefined, hclVariables: undefined }), 16);
}

/** The version of `spec` given what the previous status recorded. */
export function trackJobVersion(spec: NomadJobSpec, previous: NomadJobStatus | undefined): JobVersionInfo {
  const hash = specHash(spec);
  if (previous?.jobVersion === undefined || previous.specHash === undefined) return { version: 0, specHash: hash, changed: false };
  if (previous.specHash === hash) return { version: previous.jobVersion, specHash: hash, changed: false };
  return { version: previous.jobVersion + 1, specHash: hash, changed: true };
}
