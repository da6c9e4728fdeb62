/**
 * Nomad's task runtime environment (client/taskenv) as container env vars. Values known when the pod is rendered
 * (after placement chose the node and ports) are literal; the node IP comes from the downward API
 * (`status.hostIP`) and addresses use Kubernetes `$(NOMAD_IP_<label>)` expansion.
 */
import type { Task } from '../../crds/nomadjob-types.js';
import type { NodeFingerprint } from '../../crds/node-labels.js';
import { interpolateForKube, kubeLiteral } from './interpolate-args.js';
import { jobId } from './plan-context.js';
import type { AllocToCreate, JobRef } from './plan-types.js';
import type { EnvVar } from './pod-types.js';
import { taskCpuMhz, DEFAULT_MEMORY_MB } from './resources.js';

/** A port as placement assigned it: host port `value`, container port `to` (when > 0). */
export interface AssignedPort {
  label: string;
  value: number;
  to?: number;
}

/** Where Nomad's alloc, task and secrets directories are mounted in every container. */
export const ALLOC_DIR = '/alloc';
export const TASK_DIR = '/local';
export const SECRETS_DIR = '/secrets';

/** Everything the environment of one task depends on. */
export interface EnvContext {
  job: JobRef;
  alloc: AllocToCreate;
  task: Task;
  node: NodeFingerprint;
  ports: AssignedPort[];
  mhzPerCore: number;
}

/** An ordered env list where setting a name again replaces its value in place. */
class EnvList {
  private readonly vars = new Map<string, EnvVar>();
  set(name: string, value: string): void {
    this.vars.set(name, { name, value });
  }
  field(name: string, fieldPath: string): void {
    this.vars.set(name, { name, valueFrom: { fieldRef: { fieldPath } } });
  }
  list(): EnvVar[] {
    return [...this.vars.values()];
  }
}

/** Replaces characters Nomad does not keep in env var names with `_`. */
export function envName(text: string): string {
  return text.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Job, group and task meta merged (task wins), as NOMAD_META_<key> and NOMAD_META_<KEY>. */
export function metaVars(ctx: EnvContext): Record<string, string> {
  const group = ctx.job.spec.groups?.find((g) => g.name === ctx.alloc.group);
  const merged = { ...ctx.job.spec.meta, ...group?.meta, ...ctx.task.meta };
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(merged)) {
    out[`NOMAD_META_${envName(key)}`] = value;
    out[`NOMAD_META_${envName(key).toUpperCase()}`] = value;
  }
  return out;
}

/** NOMAD_CPU_*, NOMAD_MEMORY_* of a task. */
function resourceVars(task: Task, mhzPerCore: number): Record<string, string> {
  const res = task.resources ?? {};
  const vars: Record<string, string> = {
    NOMAD_CPU_LIMIT: String(taskCpuMhz(res, mhzPerCore)),
    NOMAD_MEMORY_LIMIT: String(res.memory ?? DEFAULT_MEMORY_MB),
  };
  // Kubernetes does not expose the core set; kubenomad reports how many cores are reserved.
  if ((res.cores ?? 0) > 0) vars.NOMAD_CPU_CORES = String(res.cores);
  if ((res.memoryMax ?? 0) > 0) vars.NOMAD_MEMORY_MAX_LIMIT = String(res.memoryMax);
  return vars;
}

/** The literal (render-time) Nomad variables: identity, placement, resources, directories. */
function literalVars(ctx: EnvContext): Record<string, string> {
  const { job, alloc, task, node } = ctx;
  const id = jobId(job.spec, job.name);
  const vars: Record<string, string> = {
    NOMAD_ALLOC_DIR: ALLOC_DIR, NOMAD_TASK_DIR: TASK_DIR, NOMAD_SECRETS_DIR: SECRETS_DIR,
    NOMAD_ALLOC_ID: alloc.allocId, NOMAD_SHORT_ALLOC_ID: alloc.allocId.slice(0, 8),
    NOMAD_ALLOC_NAME: alloc.allocName, NOMAD_ALLOC_INDEX: String(alloc.index),
    NOMAD_JOB_ID: id, NOMAD_JOB_NAME: job.spec.name ?? id,
    NOMAD_GROUP_NAME: alloc.group, NOMAD_TASK_NAME: task.name,
    NOMAD_NAMESPACE: job.spec.namespace ?? 'default', NOMAD_REGION: job.spec.region ?? 'global',
    NOMAD_DC: node.datacenter,
    ...resourceVars(task, ctx.mhzPerCore),
  };
  if (job.parentId) vars.NOMAD_JOB_PARENT_ID = job.parentId;
  return vars;
}

/** Per-port variables; IPs are `$(NOMAD_IP_<label>)` references resolved by Kubernetes. */
function portVars(port: AssignedPort): Record<string, string> {
  const label = envName(port.label);
  const inside = port.to !== undefined && port.to > 0 ? port.to : port.value;
  const ip = `$(NOMAD_IP_${label})`;
  return {
    [`NOMAD_PORT_${label}`]: String(inside), [`NOMAD_ALLOC_PORT_${label}`]: String(inside),
    [`NOMAD_HOST_PORT_${label}`]: String(port.value),
    [`NOMAD_ADDR_${label}`]: `${ip}:${port.value}`, [`NOMAD_HOST_ADDR_${label}`]: `${ip}:${port.value}`,
  };
}

/** The variables `${...}` may name in task config: env vars plus node targets (`node.*`, `attr.*`, `meta.*`). */
export function interpolationVars(ctx: EnvContext): Record<string, string> {
  const { node } = ctx;
  const vars: Record<string, string> = {
    'node.unique.name': node.name, 'node.unique.id': node.id, 'node.datacenter': node.datacenter,
    'node.class': node.nodeClass, 'node.pool': node.nodePool, 'node.region': ctx.job.spec.region ?? 'global',
  };
  for (const [k, v] of Object.entries(node.attributes)) vars[`attr.${k}`] = v;
  for (const [k, v] of Object.entries(node.meta)) vars[`meta.${k}`] = v;
  for (const [k, v] of Object.entries({ ...literalVars(ctx), ...metaVars(ctx) })) vars[k] = kubeLiteral(v);
  for (const port of ctx.ports) {
    const label = envName(port.label);
    vars[`NOMAD_IP_${label}`] = `$(NOMAD_IP_${label})`;
    vars[`NOMAD_HOST_IP_${label}`] = `$(NOMAD_IP_${label})`;
    Object.assign(vars, portVars(port));
  }
  return vars;
}

/** The task's container env: Nomad variables, meta, then `extra` (template env) and the task's own `env`. */
export function taskEnv(ctx: EnvContext, extra: Record<string, string> = {}): EnvVar[] {
  const env = new EnvList();
  for (const [k, v] of Object.entries(literalVars(ctx))) env.set(k, kubeLiteral(v));
  for (const port of ctx.ports) {
    env.field(`NOMAD_IP_${envName(port.label)}`, 'status.hostIP');
    env.field(`NOMAD_HOST_IP_${envName(port.label)}`, 'status.hostIP');
  }
  for (const port of ctx.ports) for (const [k, v] of Object.entries(portVars(port))) env.set(k, v);
  for (const [k, v] of Object.entries(metaVars(ctx))) env.set(k, kubeLiteral(v));
  for (const [k, v] of Object.entries(extra)) env.set(k, v);
  const vars = interpolationVars(ctx);
  for (const [k, v] of Object.entries(ctx.task.env ?? {})) env.set(k, interpolateForKube(v, vars));
  return env.list();
}
