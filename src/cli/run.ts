/** `kubenomad run`: translate the jobspec and server-side apply the NomadJob (field manager kubenomad-cli). */
import type { KubeConfig } from '@kubernetes/client-node';
import type { NomadJob } from '../crds/nomadjob-types.js';
import { applyObjects } from '../k8s/objects.js';
import { loadJobspec, nomadJobManifest, processIo, type Io, type VarOptions } from './convert.js';

/** The field manager of objects the CLI applies. */
export const CLI_FIELD_MANAGER = 'kubenomad-cli';

/** What `run` prints after registering a job (there are no evaluations: the operator reconciles the object). */
export function formatRegistered(job: NomadJob, existed: boolean): string {
  const name = job.metadata.name ?? '';
  const ns = job.metadata.namespace ?? 'default';
  const groups = (job.spec.groups ?? []).map((g) => `${g.name} (count ${g.count ?? 1})`).join(', ');
  return [
    `==> Job "${name}" ${existed ? 'updated' : 'registered'} as NomadJob ${ns}/${name}`,
    `    Task groups: ${groups || 'none'}`,
    '    The operator places its allocations; follow them with:',
    `    kubenomad status -n ${ns} ${name}`,
    '',
  ].join('\n');
}

/** Applies a NomadJob; `resourceVersion` reads the stored job's (undefined when there is none). */
export interface JobWriter {
  resourceVersion(namespace: string, name: string): Promise<string | undefined>;
  apply(job: NomadJob): Promise<void>;
}

/** The writer over a KubeConfig. */
export function kubeJobWriter(kc: KubeConfig, read: (ns: string, name: string) => Promise<NomadJob | undefined>): JobWriter {
  return {
    resourceVersion: async (ns, name) => {
      const job = await read(ns, name);
      return job === undefined ? undefined : (job.metadata.resourceVersion ?? '');
    },
    apply: (job) => applyObjects(kc, [job as unknown as Parameters<typeof applyObjects>[1][number]], CLI_FIELD_MANAGER),
  };
}

/** Options of `run`: `checkIndex` is Nomad's -check-index, the job's modify index (here its resourceVersion; 0 = must not exist). */
export interface RunOptions extends VarOptions {
  namespace?: string;
  checkIndex?: string;
}

/** Nomad's check-index refusal, or undefined when the stored job is at the given index. */
export function checkIndexProblem(checkIndex: string, stored: string | undefined): string | undefined {
  if (checkIndex === '0') return stored === undefined ? undefined : `Enforcing job modify index 0: job already exists with modify index ${stored}`;
  if (stored === undefined) return `Enforcing job modify index ${checkIndex}: job does not exist`;
  return stored === checkIndex ? undefined : `Enforcing job modify index ${checkIndex}: job exists with conflicting job modify index: ${stored}`;
}

/** `kubenomad run`: exit code 0 on success, 1 on diagnostics or a failed -check-index. */
export async function runRun(file: string, opts: RunOptions, writer: JobWriter, io: Io = processIo): Promise<number> {
  const loaded = await loadJobspec(file, opts, io);
  if (!loaded) return 1;
  const ns = opts.namespace ?? 'default';
  const job = nomadJobManifest(loaded.jobName, loaded.spec, ns);
  const stored = await writer.resourceVersion(ns, loaded.jobName);
  if (opts.checkIndex !== undefined) {
    const problem = checkIndexProblem(opts.checkIndex, stored);
    if (problem) {
      io.err(`Error submitting job: ${problem}\n`);
      return 1;
    }
    // The apiserver enforces it too: an apply that names a resourceVersion fails with 409 if the job changed since.
    if (stored !== undefined) job.metadata.resourceVersion = opts.checkIndex;
  }
  await writer.apply(job);
  io.out(formatRegistered(job, stored !== undefined));
  return 0;
}
