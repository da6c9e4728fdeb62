/**
 * Checks Nomad makes at parse or register time that need the whole job: cron expressions and time zone, spread
 * percentages, service/check port labels, reschedule attempts with unlimited, drivers kubenomad cannot run.
 * Each reuses the operator's own rule (one decision, one place) and reports at the block it is about.
 */
import type { NomadJobSpec, ReschedulePolicy, Service, Spread, Task, TaskGroup } from '../../crds/nomadjob-types.js';
import { SUPPORTED_DRIVERS } from '../../controllers/nomadjob/drivers.js';
import { compilePeriodic, effectivePeriodic } from '../../controllers/periodic/config.js';
import { spreadProblems } from '../../webhook/validate-nomadjob.js';
import { fail, pathOf, type Body, type Walk } from '../walk.js';
import { bodiesOf } from './mapper.js';

/** What to use instead of each driver Nomad has and kubenomad does not run. */
const DRIVER_ALTERNATIVES: Record<string, string> = {
  java: 'run the JVM from a container image with driver = "docker" (e.g. image = "eclipse-temurin:21", args = ["java", "-jar", "…"])',
  podman: 'use driver = "docker": the same OCI image and config run unchanged',
  containerd: 'use driver = "docker" with the same image',
  'containerd-driver': 'use driver = "docker" with the same image',
  exec2: 'use driver = "exec" (the command runs in a base image)',
  qemu: 'virtual machines are not run by kubenomad; run them with KubeVirt, or package the workload as a container image (driver = "docker")',
  firecracker: 'micro-VMs are not run by kubenomad; package the workload as a container image (driver = "docker")',
  lxc: 'package the workload as a container image and use driver = "docker"',
  rkt: 'use driver = "docker" with the same image',
};

/** The i-th unlabelled block `key` of `body` (in source order), else the body itself. */
function nth(w: Walk, body: Body, key: string, i: number): Body {
  return bodiesOf(w, body[key], false)?.[i]?.[1] ?? body;
}

/** Bodies of the labelled blocks `key` in source order (as the mapper produced the spec's lists). */
function labelled(w: Walk, body: Body, key: string): Body[] {
  return (bodiesOf(w, body[key], true) ?? []).map(([, b]) => b);
}

function periodic(spec: NomadJobSpec, body: Body, w: Walk): void {
  const settings = effectivePeriodic(spec);
  if (!settings || spec.type === undefined) return;
  const problems = compilePeriodic(spec, settings);
  if (!Array.isArray(problems)) return;
  const block = nth(w, body, 'periodic', 0);
  for (const p of problems) {
    const key = /crons\[/.test(p.field) ? 'crons' : p.field.endsWith('.cron') ? 'cron' : p.field.endsWith('timeZone') ? 'time_zone' : undefined;
    if (key) fail(w, block, key, `periodic: ${p.message}`);
  }
}

function spreads(list: Spread[] | undefined, body: Body, w: Walk, where: string): void {
  (list ?? []).forEach((s, i) => {
    for (const p of spreadProblems(s, 'spread')) fail(w, nth(w, body, 'spread', i), 'target', `${where}: ${p.message}`);
  });
}

function reschedule(policy: ReschedulePolicy | undefined, body: Body, w: Walk, where: string): void {
  if (!policy?.unlimited || (policy.attempts ?? 0) <= 0) return;
  fail(w, nth(w, body, 'reschedule', 0), 'attempts', `${where}: reschedule with attempts = ${policy.attempts} and unlimited = true is ambiguous; when attempts > 0, unlimited cannot also be true`);
}

function driver(t: Task, body: Body, w: Walk): void {
  if ((SUPPORTED_DRIVERS as readonly string[]).includes(t.driver)) return;
  const instead = DRIVER_ALTERNATIVES[t.driver] ?? `use one of ${SUPPORTED_DRIVERS.join(', ')}`;
  fail(w, body, 'driver', `task "${t.name}" uses driver "${t.driver}", which kubenomad cannot run; ${instead}`);
}

/** Port labels a service or check may name: the group's network ports and the task's legacy networks. */
function portLabels(g: TaskGroup, t?: Task): Set<string> {
  const nets = [...(g.networks ?? []), ...(t?.resources?.networks ?? [])];
  return new Set(nets.flatMap((n) => n.ports ?? []).map((p) => p.label));
}

const namesPort = (port: string | undefined, mode: string | undefined): port is string => !!port && !/^\d+$/.test(port) && !port.includes('${') && mode !== 'driver';

function servicePorts(services: Service[] | undefined, labels: Set<string>, body: Body, w: Walk): void {
  const bodies = nthAll(w, body, 'service');
  (services ?? []).forEach((s, i) => {
    const sb = bodies[i] ?? body;
    const name = s.name ?? 'service';
    if (namesPort(s.port, s.addressMode) && !labels.has(s.port)) fail(w, sb, 'port', `service "${name}": port label "${s.port}" is not defined by any network block of the group${known(labels)}`);
    (s.checks ?? []).forEach((c, j) => {
      const mode = s.addressMode;
      if (namesPort(c.port, mode) && !labels.has(c.port)) fail(w, nth(w, sb, 'check', j), 'port', `service "${name}": check port label "${c.port}" is not defined by any network block of the group${known(labels)}`);
    });
  });
}

/** Nomad rejects a port without a label (`port "" {}`): services and checks could not name it. */
function emptyPortLabels(networks: TaskGroup['networks'], body: Body, w: Walk, where: string): void {
  (networks ?? []).forEach((n, i) => {
    if (!(n.ports ?? []).some((p) => p.label === '')) return;
    const net = nth(w, body, 'network', i);
    const empty = w.origins.get(net)?.src?.blocks.find((b) => b.type === 'port' && b.labels[0] === '');
    const message = `${where}: a port needs a non-empty label: port "<label>" { … }`;
    if (empty) w.report.error(empty.pos, message, pathOf(w, net, 'port'));
    else fail(w, net, 'port', message);
  });
}

const nthAll = (w: Walk, body: Body, key: string): Body[] => (bodiesOf(w, body[key], false) ?? []).map(([, b]) => b);
const known = (labels: Set<string>): string => (labels.size > 0 ? ` (defined: ${[...labels].join(', ')})` : '');

/** Reports what Nomad would reject at parse or register time and the operator could not run. */
export function checkJob(spec: NomadJobSpec, body: Body, w: Walk): void {
  periodic(spec, body, w);
  spreads(spec.spreads, body, w, 'job');
  reschedule(spec.reschedule, body, w, 'job');
  const groups = labelled(w, body, 'group');
  (spec.groups ?? []).forEach((g, gi) => {
    const gb = groups[gi] ?? body;
    const where = `group "${g.name}"`;
    spreads(g.spreads, gb, w, where);
    reschedule(g.reschedule, gb, w, where);
    servicePorts(g.services, portLabels(g), gb, w);
    emptyPortLabels(g.networks, gb, w, where);
    const tasks = labelled(w, gb, 'task');
    g.tasks.forEach((t, ti) => {
      const tb = tasks[ti] ?? gb;
      driver(t, tb, w);
      servicePorts(t.services, portLabels(g, t), tb, w);
      emptyPortLabels(t.resources?.networks, nth(w, tb, 'resources', 0), w, `task "${t.name}"`);
    });
  });
}
