/** `kubenomad job inspect`, `job validate` and `job stop [-purge]`, in Nomad's words. */
import type { NomadJob } from '../crds/nomadjob-types.js';
import { nomadJobSpecSchema } from '../crds/schema/nomadjob-spec.js';
import { validateValue } from '../crds/schema/check.js';
import { nomadJobProblems } from '../webhook/validate-nomadjob.js';
import { loadJobspec, processIo, type Io, type VarOptions } from './convert.js';
import { formatted, type OutputFlags } from './output.js';

/** Reads one NomadJob (undefined when absent). */
export type JobRead = (namespace: string, name: string) => Promise<NomadJob | undefined>;

/** The writes `job stop` makes. */
export interface JobStopper {
  read: JobRead;
  /** Sets spec.stop = true (the operator stops the allocations; the job stays, as Nomad's stopped job). */
  stop(namespace: string, name: string): Promise<void>;
  /** Deletes the NomadJob (its pods go with it). */
  purge(namespace: string, name: string): Promise<void>;
}

const notFound = (name: string, namespace: string): string => `No job(s) with prefix or id "${name}" found in namespace "${namespace}"\n`;

/** `job inspect <job>`: the stored NomadJob as `{"Job": …}` JSON (or `-t`). */
export async function runInspect(name: string, opts: { namespace?: string } & OutputFlags, read: JobRead, io: Io = processIo): Promise<number> {
  const namespace = opts.namespace ?? 'default';
  const job = await read(namespace, name);
  if (!job) {
    io.err(notFound(name, namespace));
    return 1;
  }
  io.out(formatted(job, { t: opts.t }) ?? `${JSON.stringify({ Job: job }, null, 4)}\n`);
  return 0;
}

/** The problems the apiserver and the admission webhook would report for a spec: schema first, then the webhook's checks. */
export function specProblems(job: NomadJob): string[] {
  const schema = validateValue(nomadJobSpecSchema, job.spec, 'spec');
  return schema.length > 0 ? schema : nomadJobProblems(job.spec).map((p) => p.message);
}

/** `job validate <jobspec>`: translation, schema and webhook checks, without a cluster; exit 1 on errors. */
export async function runValidate(file: string, opts: VarOptions, io: Io = processIo): Promise<number> {
  const loaded = await loadJobspec(file, opts, io);
  if (!loaded) {
    io.err('Job validation errors: see the diagnostics above\n');
    return 1;
  }
  const problems = specProblems({ apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: loaded.jobName }, spec: loaded.spec });
  if (problems.length > 0) {
    io.err(`Job validation errors:\n${problems.length} error${problems.length === 1 ? '' : 's'} occurred:\n${problems.map((p) => `\t* ${p}`).join('\n')}\n`);
    return 1;
  }
  io.out('Job validation successful\n');
  return 0;
}

/** `job stop [-purge] <job>`: exit 0, or 1 when the job does not exist. */
export async function runStop(name: string, opts: { namespace?: string; purge?: boolean }, api: JobStopper, io: Io = processIo): Promise<number> {
  const namespace = opts.namespace ?? 'default';
  if (!(await api.read(namespace, name))) {
    io.err(notFound(name, namespace));
    return 1;
  }
  if (opts.purge) {
    await api.purge(namespace, name);
    io.out(`==> Job "${name}" purged: NomadJob ${namespace}/${name} deleted with its allocations\n`);
  } else {
    await api.stop(namespace, name);
    io.out(`==> Job "${name}" stopped: spec.stop = true; the operator stops its allocations (kubenomad status -n ${namespace} ${name})\n`);
  }
  return 0;
}
