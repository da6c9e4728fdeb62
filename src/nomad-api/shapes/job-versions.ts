/**
 * api.JobVersionsResponse from the version history a NomadJob's status keeps (ADR 0006: the newest 6, newest first,
 * a spec dropped from the oldest ones past the byte budget — such a version is listed with its ID only). A job the
 * operator has not recorded yet lists its current spec as its only version.
 */
import type { JobVersionRecord, NomadJob } from '../../crds/nomadjob-types.js';
import { decodeSpec } from '../../controllers/nomadjob/version-history.js';
import { unixNanos } from './index-of.js';
import { jobDiff } from './job-diff.js';
import { apiJob, jobIdOf } from './job.js';
import type { NamespaceMap } from './namespaces.js';

type Obj = Record<string, unknown>;

/** api.Job of one recorded version. */
function versionJob(job: NomadJob, record: JobVersionRecord, ns: NamespaceMap): Obj {
  const spec = decodeSpec(record) ?? { id: jobIdOf(job) };
  const out = apiJob({ ...job, spec }, ns);
  return { ...out, Version: record.version, Stable: record.stable, SubmitTime: unixNanos(record.submittedAt) };
}

/** The job's versions, newest first, and (with `diffs`) each version's diff from the one before it. */
export function apiJobVersions(job: NomadJob, ns: NamespaceMap, diffs: boolean): { Versions: Obj[]; Diffs: Obj[] | null } {
  const records = job.status?.versions ?? [];
  const versions = records.length > 0 ? records.map((r) => versionJob(job, r, ns)) : [apiJob(job, ns)];
  if (!diffs) return { Versions: versions, Diffs: null };
  return { Versions: versions, Diffs: versions.slice(0, -1).map((newer, i) => jobDiff(versions[i + 1]!, newer)) };
}
