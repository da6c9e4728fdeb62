/**
 * The Nomad job version of a NomadJob's current spec: the version the operator records for it (status.jobVersion,
 * ADR 0006) — or, for a spec the operator has not seen yet, the one it will record (the same pure trackJobVersion),
 * so Version moves at register as Nomad's does. Stable when the version's record says so.
 */
import type { NomadJob } from '../../crds/nomadjob-types.js';
import { trackJobVersion } from '../../controllers/nomadjob/job-version.js';

/** The job's current version and whether it is stable. */
export function jobVersionOf(job: NomadJob): { version: number; stable: boolean } {
  const { version } = trackJobVersion(job.spec, job.status);
  const record = job.status?.versions?.find((v) => v.version === version);
  return { version, stable: record?.stable === true };
}
