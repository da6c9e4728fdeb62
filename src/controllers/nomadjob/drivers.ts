/**
 * Task drivers → container fields. Supported: `docker` (the image as is) and `exec`/`raw_exec` (the command
 * run in a configurable base image). Other drivers are rejected with a message naming task, driver and the
 * supported ones. Nomad's docker `command` is the container CMD and `entrypoint` its ENTRYPOINT, so they map to
 * Kubernetes `args` (command first) and `command` respectively.
 */
import type { NomadJobSpec, Task } from '../../crds/nomadjob-types.js';
import { interpolateForKube } from './interpolate-args.js';

/** Drivers kubenomad can run. */
export const SUPPORTED_DRIVERS = ['docker', 'exec', 'raw_exec'] as const;
/** The image exec and raw_exec tasks run in unless configured otherwise. */
export const DEFAULT_EXEC_IMAGE = 'busybox:1.36';

/** Container fields a driver produces. */
export interface DriverContainer {
  image: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  imagePullPolicy?: 'Always';
  securityContext?: Record<string, unknown>;
  /** Port labels the container exposes: docker's `config.ports`, or every port of the group for exec. */
  portLabels: string[] | 'all';
}

/** A driver's result: container fields and warnings, or an error that retrying cannot fix. */
export type DriverResult = { ok: true; container: DriverContainer; warnings: string[] } | { ok: false; error: string };

const DOCKER_KEYS = new Set(['image', 'args', 'command', 'entrypoint', 'ports', 'work_dir', 'privileged', 'force_pull', 'cap_add', 'cap_drop']);
const EXEC_KEYS = new Set(['command', 'args']);

/** The message for a driver kubenomad does not run. */
export function unsupportedDriverMessage(task: Task): string {
  return `Task "${task.name}" uses driver "${task.driver}", which kubenomad does not support (supported: ${SUPPORTED_DRIVERS.join(', ')})`;
}

/** Errors for every task of the job whose driver is not supported (check before placing). */
export function checkDrivers(spec: NomadJobSpec): string[] {
  const tasks = (spec.groups ?? []).flatMap((g) => g.tasks);
  return tasks.filter((t) => !(SUPPORTED_DRIVERS as readonly string[]).includes(t.driver)).map(unsupportedDriverMessage);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function strings(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.map((v) => String(v)) : undefined;
}

function ignoredKeys(task: Task, known: Set<string>): string[] {
  const ignored = Object.keys(task.config ?? {}).filter((k) => !known.has(k)).sort();
  return ignored.length === 0 ? [] : [`Task "${task.name}": ${task.driver} config ${ignored.map((k) => `"${k}"`).join(', ')} ignored`];
}

function dockerSecurityContext(config: Record<string, unknown>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  if (config.privileged === true) out.privileged = true;
  const add = strings(config.cap_add)?.map((c) => c.toUpperCase());
  const drop = strings(config.cap_drop)?.map((c) => c.toUpperCase());
  if (add || drop) out.capabilities = { add, drop };
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Docker CMD: `command` then `args` (Nomad's docker driver), interpolated. */
function dockerArgs(config: Record<string, unknown>, vars: Record<string, string>): string[] | undefined {
  const command = str(config.command);
  const args = [...(command !== undefined ? [command] : []), ...(strings(config.args) ?? [])];
  return args.length > 0 ? args.map((s) => interpolateForKube(s, vars)) : undefined;
}

function dockerContainer(task: Task, vars: Record<string, string>): DriverResult {
  const config = task.config ?? {};
  const image = str(config.image);
  if (!image) return { ok: false, error: `Task "${task.name}": docker config needs an "image"` };
  const container: DriverContainer = {
    image: interpolateForKube(image, vars).replaceAll('$$', '$'),
    command: strings(config.entrypoint)?.map((s) => interpolateForKube(s, vars)),
    args: dockerArgs(config, vars),
    workingDir: str(config.work_dir),
    imagePullPolicy: config.force_pull === true ? 'Always' : undefined,
    securityContext: dockerSecurityContext(config),
    portLabels: strings(config.ports) ?? 'all',
  };
  return { ok: true, container, warnings: ignoredKeys(task, DOCKER_KEYS) };
}

function execContainer(task: Task, vars: Record<string, string>, execImage: string): DriverResult {
  const command = str(task.config?.command);
  if (!command) return { ok: false, error: `Task "${task.name}": ${task.driver} config needs a "command"` };
  const args = strings(task.config?.args)?.map((s) => interpolateForKube(s, vars));
  const warnings = ignoredKeys(task, EXEC_KEYS);
  if (task.driver === 'raw_exec') warnings.push(`Task "${task.name}": raw_exec runs isolated in image ${execImage}, not on the host`);
  return { ok: true, container: { image: execImage, command: [interpolateForKube(command, vars)], args, portLabels: 'all' }, warnings };
}

/** The container fields of a task, with `${...}` interpolated from `vars`. */
export function driverContainer(task: Task, vars: Record<string, string>, execImage = DEFAULT_EXEC_IMAGE): DriverResult {
  if (task.driver === 'docker') return dockerContainer(task, vars);
  if (task.driver === 'exec' || task.driver === 'raw_exec') return execContainer(task, vars, execImage);
  return { ok: false, error: unsupportedDriverMessage(task) };
}
