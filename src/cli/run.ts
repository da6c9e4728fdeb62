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

/** Applies a NomadJob; `exists` tells whether it was there before (for the message). */
export interface JobWriter {
  exists(namespace: string, name: string): Promise<boolean>;
  apply(job: NomadJob): Promise<void>;
}

/** The writer over a KubeConfig. */
export function kubeJobWriter(kc: KubeConfig, read: (ns: string, name: string) => Promise<unknown>): JobWriter {
  return {
    exists: async (ns, name) => (await read(ns, name)) !== undefined,
    apply: (job) => applyObjects(kc, [job as unknown as Parameters<typeof applyObjects>[1][number]], CLI_FIELD_MANAGER),
  };
}

/** `kubenomad run`: exit code 0 on success, 1 on diagnostics. */
export async function runRun(file: string, opts: VarOptions & { namespace?: string }, writer: JobWriter, io: Io = processIo): Promise<number> {
  const loaded = await loadJobspec(file, opts, io);
  if (!loaded) return 1;
  const ns = opts.namespace ?? 'default';
  const job = nomadJobManifest(loaded.jobName, loaded.spec, ns);
  const existed = await writer.exists(ns, loaded.jobName);
  await writer.apply(job);
  io.out(formatRegistered(job, existed));
  return 0;
}
