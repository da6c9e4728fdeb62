/**
 * The job's version history (ADR 0006), kept in its status: the newest JOB_TRACKED_VERSIONS versions (Nomad's
 * default), each with its spec compressed, newest first, specs dropped from the oldest once HISTORY_SPEC_BYTES is
 * spent. A version is marked stable once a deployment of it succeeds. Pure: the same inputs give the same
 * history (gzip without a timestamp), so a second pass writes nothing.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { DeploymentState, JobVersionRecord, NomadJobSpec } from '../../crds/nomadjob-types.js';
import { canonicalJson } from './hash.js';
import type { JobVersionInfo } from './job-version.js';

/** Versions kept (Nomad's JobTrackedVersions). */
export const JOB_TRACKED_VERSIONS = 6;
/** Bytes of encoded specs the history keeps, newest first. */
export const HISTORY_SPEC_BYTES = 256 * 1024;

/** A spec as stored in the history: gzip of its canonical JSON (without the raw HCL), base64. */
export function encodeSpec(spec: NomadJobSpec): string {
  return gzipSync(canonicalJson({ ...spec, hcl: undefined, hclVariables: undefined })).toString('base64');
}

/** The spec of a history entry, or undefined when it was not kept or cannot be read. */
export function decodeSpec(record: JobVersionRecord): NomadJobSpec | undefined {
  if (!record.spec) return undefined;
  try {
    return JSON.parse(gunzipSync(Buffer.from(record.spec, 'base64')).toString('utf8')) as NomadJobSpec;
  } catch {
    return undefined;
  }
}

/** What the history is updated from. */
export interface HistoryInput {
  previous?: JobVersionRecord[];
  version: JobVersionInfo;
  spec: NomadJobSpec;
  /** The deployment as this pass leaves it: a successful one marks its version stable. */
  deployment?: DeploymentState;
  now: Date;
}

/** The history after this pass. */
export function recordHistory(input: HistoryInput): JobVersionRecord[] {
  const previous = input.previous ?? [];
  const known = previous.some((r) => r.version === input.version.version);
  const entry = (): JobVersionRecord => ({
    version: input.version.version, specHash: input.version.specHash, submittedAt: input.now.toISOString(), stable: false, spec: encodeSpec(input.spec),
  });
  const stableVersion = input.deployment?.status === 'successful' ? input.deployment.jobVersion : undefined;
  const records = (known ? previous : [entry(), ...previous]) // compressed only when new: not on every pass
    .map((r) => (r.version === stableVersion && !r.stable ? { ...r, stable: true } : r))
    .sort((a, b) => b.version - a.version)
    .slice(0, JOB_TRACKED_VERSIONS);
  let budget = HISTORY_SPEC_BYTES;
  return records.map((r) => {
    budget -= r.spec?.length ?? 0;
    if (budget >= 0 || r.spec === undefined) return r;
    const { spec: _dropped, ...rest } = r;
    return rest;
  });
}

/** The newest stable version other than `except`, with its spec (auto_revert's target). */
export function latestStable(history: JobVersionRecord[] | undefined, except: number): { record: JobVersionRecord; spec: NomadJobSpec } | undefined {
  for (const record of history ?? []) {
    if (!record.stable || record.version === except) continue;
    const spec = decodeSpec(record);
    if (spec) return { record, spec };
  }
  return undefined;
}
