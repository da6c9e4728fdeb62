/**
 * Nomad service `check` blocks → Kubernetes probes (pure). A task's checks (its own services', and those of group
 * services whose port the task exposes, or the first main task's) become its readiness probe; `check_restart`
 * becomes its liveness probe. Kubernetes has one probe of each kind per container: the first check wins, the rest
 * are reported.
 */
import type { CheckRestart, Service, ServiceCheck, Task, TaskGroup } from '../../crds/nomadjob-types.js';
import { durationOr } from './duration.js';
import type { AssignedPort } from './env.js';

/** A Kubernetes probe (the fields kubenomad sets). */
export interface Probe {
  httpGet?: { path: string; port: number; scheme?: 'HTTP' | 'HTTPS'; httpHeaders?: Array<{ name: string; value: string }> };
  tcpSocket?: { port: number };
  grpc?: { port: number; service?: string };
  exec?: { command: string[] };
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold?: number;
  initialDelaySeconds?: number;
}

/** The probes of one task's container, and what could not be mapped. */
export interface TaskProbes {
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  warnings: string[];
}

const seconds = (text: string | undefined, fallbackMs: number): number => Math.max(1, Math.ceil(durationOr(text, fallbackMs) / 1000));

/** The container port a check targets: a port label of the group (its `to`, else its value), or a number. */
export function checkPort(label: string | undefined, ports: readonly AssignedPort[]): number | undefined {
  if (label === undefined) return undefined;
  const port = ports.find((p) => p.label === label);
  if (port) return port.to !== undefined && port.to > 0 ? port.to : port.value;
  return /^\d+$/.test(label) ? Number(label) : undefined;
}

type Handler = Pick<Probe, 'httpGet' | 'tcpSocket' | 'grpc' | 'exec'>;

function httpHandler(check: ServiceCheck, port: number): Handler {
  const headers = Object.entries(check.header ?? {}).flatMap(([name, values]) => values.map((value) => ({ name, value })));
  return {
    httpGet: {
      path: check.path ?? '/', port,
      ...(check.protocol === 'https' ? { scheme: 'HTTPS' as const } : {}),
      ...(headers.length > 0 ? { httpHeaders: headers } : {}),
    },
  };
}

/** The probe handler of a check, or why it cannot be one. */
function handler(check: ServiceCheck, port: number | undefined): Handler | string {
  if (check.type === 'script') return check.command ? { exec: { command: [check.command, ...(check.args ?? [])] } } : 'a script check needs a command';
  if (port === undefined) return `a ${check.type} check needs a port`;
  if (check.type === 'http') return httpHandler(check, port);
  if (check.type === 'tcp') return { tcpSocket: { port } };
  if (check.type === 'grpc') return { grpc: { port, ...(check.grpcService ? { service: check.grpcService } : {}) } };
  return `check type "${check.type}" is not supported (http, tcp, grpc, script)`;
}

/** A check as a probe (Nomad's check defaults: interval 10s, timeout 2s... Kubernetes' minimum is 1s). */
export function checkProbe(check: ServiceCheck, service: Service, ports: readonly AssignedPort[]): Probe | string {
  const h = handler(check, checkPort(check.port ?? service.port, ports));
  if (typeof h === 'string') return h;
  return { ...h, periodSeconds: seconds(check.interval, 10_000), timeoutSeconds: seconds(check.timeout, 2_000) };
}

/** check_restart as liveness: `limit` failures in a row restart the task, not before `grace`. */
function liveness(probe: Probe, restart: CheckRestart | undefined): Probe | undefined {
  if (!restart || !restart.limit) return undefined;
  const grace = durationOr(restart.grace, 1_000);
  return { ...probe, failureThreshold: restart.limit, ...(grace > 0 ? { initialDelaySeconds: Math.ceil(grace / 1000) } : {}) };
}

/** The services whose checks run against a task: its own, and the group's when it is the task that serves them. */
function servicesOf(group: TaskGroup, task: Task): Service[] {
  const main = group.tasks.filter((t) => t.lifecycle?.hook === undefined);
  const exposing = (service: Service): Task | undefined =>
    main.find((t) => Array.isArray(t.config?.ports) && (t.config.ports as unknown[]).includes(service.port)) ?? main[0];
  return [...(task.services ?? []), ...(group.services ?? []).filter((s) => exposing(s) === task)];
}

/** The readiness and liveness probes of a task's container. */
export function taskProbes(group: TaskGroup, task: Task, ports: readonly AssignedPort[]): TaskProbes {
  const out: TaskProbes = { warnings: [] };
  for (const service of servicesOf(group, task)) {
    for (const check of service.checks ?? []) {
      const probe = checkProbe(check, service, ports);
      const what = `Service "${service.name ?? ''}" check "${check.name ?? check.type}"`;
      if (check.type === 'http' && check.method && check.method.toUpperCase() !== 'GET') out.warnings.push(`${what}: method ${check.method} is probed as GET (Kubernetes probes only GET)`);
      if (typeof probe === 'string') out.warnings.push(`${what}: ${probe}; not probed`);
      else if (out.readinessProbe) out.warnings.push(`${what}: task "${task.name}" already has a readiness probe (Kubernetes runs one per container); not probed`);
      else {
        out.readinessProbe = probe;
        const live = liveness(probe, check.checkRestart ?? service.checkRestart);
        if (live) out.livenessProbe = live;
      }
    }
  }
  return out;
}
