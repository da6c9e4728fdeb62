/**
 * Files Nomad writes into a task's directories before it starts: the dispatch payload and `template` blocks.
 * kubenomad writes them from an init container (the helper image, busybox by default) into the task's emptyDir
 * volumes, so no extra object (Secret, ConfigMap) is needed. The content travels in the init container's env:
 * the payload as base64 (≤ 16 KiB decoded, as Nomad), template data with `{{ env "X" }}` turned into Kubernetes
 * `$(X)` references resolved from the task's env. Other template actions are kept literally, with a warning.
 */
import type { Task, Template } from '../../crds/nomadjob-types.js';
import { ALLOC_DIR, SECRETS_DIR, TASK_DIR } from './env.js';
import { kubeLiteral } from './interpolate-args.js';

/** One file to write: its absolute path in the container, its content for the env, and how to decode it. */
export interface TaskFile {
  path: string;
  /** Env value (already escaped for Kubernetes expansion). */
  content: string;
  base64: boolean;
  perms?: string;
}

/** Files of a task, env vars from `env = true` templates, and warnings. */
export interface TaskFiles {
  files: TaskFile[];
  env: Record<string, string>;
  warnings: string[];
}

/** Maps a Nomad destination (relative to the task's working directory) to a path in the container. */
export function containerPath(destination: string): { path: string; warning?: string } {
  const relative = destination.replace(/^\/+/, '').replace(/^\$\{NOMAD_(TASK|SECRETS|ALLOC)_DIR\}\/?/, (_m, dir: string) =>
    ({ TASK: 'local/', SECRETS: 'secrets/', ALLOC: 'alloc/' })[dir] ?? '');
  for (const [prefix, dir] of [['local/', TASK_DIR], ['secrets/', SECRETS_DIR], ['alloc/', ALLOC_DIR]] as const) {
    if (relative.startsWith(prefix)) return { path: `${dir}/${relative.slice(prefix.length)}` };
  }
  return { path: `${TASK_DIR}/${relative}`, warning: `destination "${destination}" is written under ${TASK_DIR}` };
}

/** Template data for an env value: `{{ env "X" }}` → `$(X)`; reports other actions. */
export function templateContent(data: string): { content: string; unsupported: boolean } {
  let unsupported = false;
  const parts = data.split(/(\{\{-?\s*env\s+"[^"]+"\s*-?\}\})/);
  const content = parts.map((part) => {
    const env = /^\{\{-?\s*env\s+"([^"]+)"\s*-?\}\}$/.exec(part);
    if (env) return `$(${env[1]})`;
    if (part.includes('{{')) unsupported = true;
    return kubeLiteral(part);
  }).join('');
  return { content, unsupported };
}

/** `KEY=VALUE` lines of an env template (comments and blank lines skipped). */
export function envTemplateVars(content: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of content.split('\n')) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match?.[1] !== undefined) out[match[1]] = (match[2] ?? '').replace(/^"(.*)"$/, '$1');
  }
  return out;
}

function templateFile(task: Task, template: Template, into: TaskFiles): void {
  const where = `Task "${task.name}" template "${template.destination}"`;
  if (template.data === undefined) {
    into.warnings.push(`${where}: only inline "data" templates are supported; "source" is ignored`);
    return;
  }
  const { content, unsupported } = templateContent(template.data);
  if (unsupported) into.warnings.push(`${where}: only {{ env "..." }} actions are rendered; other actions are written literally`);
  const { path, warning } = containerPath(template.destination);
  if (warning) into.warnings.push(`${where}: ${warning}`);
  into.files.push({ path, content, base64: false, perms: template.perms });
  if (template.env) Object.assign(into.env, envTemplateVars(content));
}

/** The files a task needs before it starts. */
export function taskFiles(task: Task, payload: string | undefined): TaskFiles {
  const out: TaskFiles = { files: [], env: {}, warnings: [] };
  if (task.dispatchPayload) {
    if (payload) out.files.push({ path: containerPath(`local/${task.dispatchPayload.file}`).path, content: payload, base64: true });
    else out.warnings.push(`Task "${task.name}": dispatch_payload set but the job has no payload`);
  }
  for (const template of task.templates ?? []) templateFile(task, template, out);
  return out;
}

const quote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

/** The shell script that writes the files; file i's content is in env var KN_FILE_<i>. */
export function writeScript(files: TaskFile[]): string {
  const lines = files.map((file, i) => {
    const target = quote(file.path);
    const decode = file.base64 ? ' | base64 -d' : '';
    const chmod = file.perms ? ` && chmod ${quote(file.perms)} ${target}` : '';
    return `mkdir -p "$(dirname ${target})" && printf '%s' "$KN_FILE_${i}"${decode} > ${target}${chmod}`;
  });
  return ['set -e', ...lines].join('\n');
}
