/** `kubenomad convert`: an HCL jobspec → NomadJob manifest (YAML or JSON); shared jobspec loading for run and plan. */
import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import * as yaml from 'js-yaml';
import type { NomadJob, NomadJobSpec } from '../crds/nomadjob-types.js';
import { formatDiagnostic, translateJobspec, type Diagnostic } from '../hcl-translate/index.js';

/** Nomad's variable flags, as commander sees them. */
export interface VarOptions {
  var?: string[];
  varFile?: string[];
}

/** Where text goes (tests pass buffers). */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** The process's stdout and stderr. */
export const processIo: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

export { collect, normalizeNomadFlags } from './flags.js';

/** Parses `K=V` pairs (the value may contain `=`). */
export function parseVars(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0) throw new Error(`Invalid -var "${p}": expected KEY=VALUE`);
    out[p.slice(0, i)] = p.slice(i + 1);
  }
  return out;
}

/** A translated jobspec (warnings already printed), or undefined after printing the diagnostics. */
export async function loadJobspec(file: string, opts: VarOptions, io: Io): Promise<{ jobName: string; spec: NomadJobSpec } | undefined> {
  const source = readFileSync(file, 'utf8');
  const varFiles = (opts.varFile ?? []).map((f) => ({ name: f, content: readFileSync(f, 'utf8') }));
  // Paths arrive already joined to the jobspec's directory (as the file was named), so they resolve against the cwd.
  const readFile = (p: string): string | undefined => {
    try {
      return readFileSync(resolve(p), 'utf8');
    } catch {
      return undefined;
    }
  };
  const listFiles = (dir: string): string[] | undefined => {
    try {
      const entries = readdirSync(resolve(dir), { recursive: true, withFileTypes: true });
      return entries.filter((e) => e.isFile()).map((e) => relative(resolve(dir), join(e.parentPath, e.name))).slice(0, 100_000);
    } catch {
      return undefined;
    }
  };
  const env = { cwd: process.cwd(), home: homedir(), readFile, listFiles };
  const result = await translateJobspec(source, { filename: file, vars: parseVars(opts.var ?? []), varFiles, ...env });
  const print = (ds: Diagnostic[]): void => ds.forEach((d) => io.err(`${formatDiagnostic(d)}\n`));
  if (!result.ok) {
    print(result.diagnostics);
    return undefined;
  }
  print(result.warnings);
  return { jobName: result.jobName, spec: result.spec };
}

/** The NomadJob object for a translated jobspec (metadata.name from the job label). */
export function nomadJobManifest(jobName: string, spec: NomadJobSpec, namespace?: string): NomadJob {
  const metadata: NomadJob['metadata'] = { name: jobName };
  if (namespace) metadata.namespace = namespace;
  return { apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata, spec };
}

/** Renders a manifest as YAML (default) or JSON. */
export function renderManifest(obj: unknown, format: string): string {
  if (format === 'json') return `${JSON.stringify(obj, null, 2)}\n`;
  if (format === 'yaml') return yaml.dump(obj, { lineWidth: -1, noRefs: true });
  throw new Error(`Unknown output format "${format}" (expected yaml or json)`);
}

/** `kubenomad convert`: prints the manifest; exit code 1 on diagnostics. */
export async function runConvert(file: string, opts: VarOptions & { output?: string }, io: Io = processIo): Promise<number> {
  const loaded = await loadJobspec(file, opts, io);
  if (!loaded) return 1;
  io.out(renderManifest(nomadJobManifest(loaded.jobName, loaded.spec), opts.output ?? 'yaml'));
  return 0;
}
