/**
 * `kubenomad job history [-p] <job>` and `kubenomad job revert <job> <version>` (Nomad's `job history` and
 * `job revert`), from the version history the operator keeps in the NomadJob's status (ADR 0006). A revert submits
 * the old spec again; the operator records it as a new version and rolls it out as a new deployment.
 */
import { CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import type { JobVersionRecord, NomadJob, NomadJobSpec } from '../crds/nomadjob-types.js';
import { decodeSpec } from '../controllers/nomadjob/version-history.js';
import { GROUP, VERSION } from '../k8s/api.js';
import { nomadJobReader } from '../k8s/webhook-config.js';
import { processIo, type Io } from './convert.js';
import { formatJobDiff } from './plan-diff.js';
import { formatKV } from './columns.js';

/** What the history commands read and write. */
export interface HistoryClient {
  readJob(namespace: string, name: string): Promise<NomadJob | undefined>;
  /** Replaces the job's spec (a JSON patch of /spec). */
  replaceSpec(namespace: string, name: string, spec: NomadJobSpec): Promise<void>;
}

/** The diff from the previous version's spec, without the plan's update counts (history has none). */
function versionDiff(name: string, before: JobVersionRecord | undefined, after: JobVersionRecord): string {
  const a = decodeSpec(after);
  if (!a) return '(spec not kept)';
  const b = before ? decodeSpec(before) : undefined;
  if (before && !b) return '(previous spec not kept)';
  return formatJobDiff(name, b, a, {}).split('\n').map((l) => l.replace(/ \(forces [a-z/ -]+\)$/, '')).join('\n');
}

/** Nomad's `job history` layout: one block per version, newest first; `-p` adds the diff to the previous version. */
export function formatHistory(job: NomadJob, showDiff: boolean): string {
  const versions = job.status?.versions ?? [];
  if (versions.length === 0) return `No versions recorded for job "${job.metadata.name}" yet`;
  const name = job.spec.id ?? job.metadata.name ?? '';
  return versions.map((v, i) => {
    const pairs: Array<[string, string]> = [['Version', String(v.version)], ['Stable', String(v.stable)], ['Submit Date', v.submittedAt]];
    if (showDiff && i < versions.length - 1) pairs.push(['Diff', '']);
    const diff = showDiff && i < versions.length - 1 ? `\n${versionDiff(name, versions[i + 1], v)}` : '';
    return formatKV(pairs).split('\n').map((l) => l.trimEnd()).join('\n') + diff;
  }).join('\n\n');
}

/** `job history`: exit 0, or 1 when the job does not exist. */
export async function runJobHistory(name: string, opts: { namespace: string; p?: boolean }, client: HistoryClient, io: Io = processIo): Promise<number> {
  const job = await client.readJob(opts.namespace, name);
  if (!job) {
    io.err(`No job with name "${name}" found in namespace "${opts.namespace}"\n`);
    return 1;
  }
  io.out(`${formatHistory(job, opts.p === true)}\n`);
  return 0;
}

/** The spec to revert to, or why there is none. */
export function revertTarget(job: NomadJob, version: string): NomadJobSpec | string {
  const name = job.metadata.name ?? '';
  const wanted = Number(version);
  const record = job.status?.versions?.find((v) => v.version === wanted);
  const kept = (job.status?.versions ?? []).map((v) => v.version).join(', ') || 'none';
  if (!Number.isInteger(wanted) || !record) return `Job "${name}" has no version ${JSON.stringify(version)} (kept versions: ${kept})`;
  if (wanted === job.status?.jobVersion) return `Job "${name}" already runs version ${wanted}: can't revert to the current version`;
  return decodeSpec(record) ?? `The spec of version ${wanted} of job "${name}" was not kept (history byte budget)`;
}

/** `job revert`: submits the spec of `version` again; exit 1 when the job, the version or its spec is missing. */
export async function runJobRevert(name: string, version: string, opts: { namespace: string }, client: HistoryClient, io: Io = processIo): Promise<number> {
  const job = await client.readJob(opts.namespace, name);
  const target = job ? revertTarget(job, version) : `No job with name "${name}" found in namespace "${opts.namespace}"`;
  if (typeof target === 'string') {
    io.err(`${target}\n`);
    return 1;
  }
  await client.replaceSpec(opts.namespace, name, target);
  io.out(`Job "${name}" reverted to the spec of version ${version}; the operator records it as a new version and deploys it\n`);
  return 0;
}

/** The history client over a kubeconfig (the user's own credentials). */
export function historyClient(kc: KubeConfig): HistoryClient {
  const custom = kc.makeApiClient(CustomObjectsApi);
  return {
    readJob: nomadJobReader(kc),
    async replaceSpec(namespace, name, spec) {
      await custom.patchNamespacedCustomObject(
        { group: GROUP, version: VERSION, plural: 'nomadjobs', namespace, name, body: [{ op: 'replace', path: '/spec', value: spec }] },
        setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
      );
    },
  };
}
