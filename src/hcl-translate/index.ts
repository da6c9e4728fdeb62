/** HCL jobspec → NomadJob spec translation: parse → normalise → evaluate → map blocks → validate. */
import { parse } from '@cdktf/hcl2json';
import type { NomadJobSpec } from '../crds/nomadjob-types.js';
import { Reporter, parseHclError, type Diagnostic } from './diagnostics.js';
import type { Value } from './expr/ast.js';
import { FUNCTIONS } from './functions/index.js';
import { guardInput } from './guards.js';
import { mapJob } from './map/job.js';
import { ROOT_KEYS } from './schema/job.js';
import { childBlock, sourceTree, type SrcBlock } from './source/tree.js';
import { didYouMean } from './suggest.js';
import { installLocals, resolveVariables } from './variables.js';
import { evalBody, isObj, type Walk } from './walk.js';

export { formatDiagnostic, type Diagnostic } from './diagnostics.js';

/** Options of a translation: file name for messages, variable values, and file access for `file()`. */
export interface TranslateOptions {
  filename?: string;
  vars?: Record<string, string>;
  varFiles?: Array<{ name: string; content: string }>;
  readFile?: (path: string) => string | undefined;
  /** Every file under a directory (relative paths), for `fileset()`. */
  listFiles?: (dir: string) => string[] | undefined;
  /** Working and home directories, for `abspath()` and `pathexpand()`. */
  cwd?: string;
  home?: string;
}

/** The translated job and its warnings, or the diagnostics that stopped translation. */
export type TranslateResult =
  | { ok: true; jobName: string; spec: NomadJobSpec; warnings: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

const PARSE_TIMEOUT_MS = 10_000;
const EVAL_STEPS = 2_000_000;

/** Translates an HCL2 jobspec into a NomadJob spec; never throws. */
export async function translateJobspec(source: string, options: TranslateOptions = {}): Promise<TranslateResult> {
  const file = typeof options.filename === 'string' && options.filename ? options.filename : 'job.nomad';
  try {
    return await translate(source, options, file);
  } catch (err) {
    const message = `Internal error while translating: ${err instanceof Error ? err.message : String(err)}`.slice(0, 500);
    return { ok: false, diagnostics: [{ severity: 'error', file, line: 1, column: 1, message }] };
  }
}

async function parseHcl(source: string, file: string): Promise<Record<string, unknown> | Diagnostic[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('parse config: [parsing took longer than 10s]')), PARSE_TIMEOUT_MS);
  });
  try {
    const raw: unknown = await Promise.race([parse(file, source), timeout]);
    return isObj(raw) ? raw : [{ severity: 'error', file, line: 1, column: 1, message: 'Cannot parse HCL: unexpected parser output' }];
  } catch (err) {
    return parseHclError(err instanceof Error ? err.message : String(err), file);
  } finally {
    clearTimeout(timer);
  }
}

async function translate(source: string, options: TranslateOptions, file: string): Promise<TranslateResult> {
  const guard = guardInput(source, file);
  if (guard) return { ok: false, diagnostics: [guard] };
  const raw = await parseHcl(source, file);
  if (Array.isArray(raw)) return { ok: false, diagnostics: raw };
  const src = sourceTree(source);
  const report = new Reporter(file);
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  const w: Walk = { report, origins: new WeakMap(), source, ctx: { functions: FUNCTIONS, baseDir: dir, budget: { steps: EVAL_STEPS } } };
  if (options.readFile) w.ctx.readFile = options.readFile;
  if (options.listFiles) w.ctx.listFiles = options.listFiles;
  if (options.cwd !== undefined) w.ctx.cwd = options.cwd;
  if (options.home !== undefined) w.ctx.home = options.home;
  checkRoot(raw, src, report);
  const vars = await resolveVariables(raw, src, options, w);
  if (report.failed) return { ok: false, diagnostics: report.diagnostics };
  installLocals(raw, src, vars, w);
  const job = findJob(raw, src, report);
  if (!job || report.failed) return { ok: false, diagnostics: report.diagnostics };
  const bindings = new Map<string, Value>([['var', vars]]);
  const body = evalBody(job.body, job.src, bindings, w, `job.${job.label}`);
  const spec = mapJob(job.label, body, w);
  const sorted = [...report.diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
  if (report.failed) return { ok: false, diagnostics: sorted };
  return { ok: true, jobName: job.label, spec, warnings: sorted };
}

function checkRoot(raw: Record<string, unknown>, src: SrcBlock, report: Reporter): void {
  for (const key of Object.keys(raw)) {
    if ((ROOT_KEYS as readonly string[]).includes(key)) continue;
    const pos = src.blocks.find((b) => b.type === key)?.pos ?? src.attrs.get(key) ?? src.pos;
    const kind = src.attrs.has(key) ? 'attribute' : 'block';
    report.error(pos, `unknown ${kind} "${key}" at the top level of the jobspec; expected job, variable or locals${didYouMean(key, ROOT_KEYS)}`, key);
  }
}

function findJob(raw: Record<string, unknown>, src: SrcBlock, report: Reporter): { label: string; body: Record<string, unknown>; src: SrcBlock | undefined } | undefined {
  const jobs = isObj(raw.job) ? Object.entries(raw.job) : [];
  const all = jobs.flatMap(([label, bodies]) => (Array.isArray(bodies) ? bodies.filter(isObj).map((body) => ({ label, body })) : []));
  const unlabelled = src.blocks.find((b) => b.type === 'job' && b.labels.length !== 1);
  if (unlabelled) {
    report.error(unlabelled.pos, `a job block needs exactly one label, its name: job "<name>" { … }${unlabelled.labels.length > 1 ? `; got ${unlabelled.labels.length}` : ''}`, 'job');
    return undefined;
  }
  if (all.length === 0) {
    report.error(src.pos, 'no job block found; a jobspec needs exactly one job "<name>" { … } block');
    return undefined;
  }
  const [first, second] = all;
  if (second) {
    const pos = src.blocks.filter((b) => b.type === 'job')[1]?.pos ?? src.pos;
    report.error(pos, 'a jobspec may contain only one job block');
    return undefined;
  }
  if (!first) return undefined;
  return { label: first.label, body: first.body, src: childBlock(src, 'job', first.label, 0) };
}
