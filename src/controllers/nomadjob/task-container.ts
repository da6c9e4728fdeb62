/** One Nomad task → one container: driver fields, resources, Nomad env, ports, task directories. */
import type { Task, TaskGroup } from '../../crds/nomadjob-types.js';
import { dnsLabelPart } from './alloc-name.js';
import { driverContainer } from './drivers.js';
import { ALLOC_DIR, SECRETS_DIR, TASK_DIR, interpolationVars, taskEnv, type AssignedPort, type EnvContext } from './env.js';
import { kubeLiteral } from './interpolate-args.js';
import { applyContainerExtension } from './kubernetes-extension.js';
import type { Container, ContainerPort, VolumeMount } from './pod-types.js';
import { taskProbes } from './probes.js';
import { taskResources } from './resources.js';
import type { TaskFiles } from './files.js';
import { writeScript } from './files.js';

/** The emptyDir volume names of the shared alloc dir and of task `i`'s local and secrets dirs. */
export const ALLOC_VOLUME = 'nomad-alloc';
export const localVolume = (i: number): string => `nomad-local-${i}`;
export const secretsVolume = (i: number): string => `nomad-secrets-${i}`;

/** A container name for a task: its DNS-safe name, at most 63 characters. */
export function containerName(task: Task): string {
  return dnsLabelPart(task.name).slice(0, 63).replace(/-+$/, '') || 'task';
}

/** The mounts of Nomad's alloc, task (`local`) and secrets directories for task `i`. */
export function taskDirMounts(i: number): VolumeMount[] {
  return [
    { name: ALLOC_VOLUME, mountPath: ALLOC_DIR },
    { name: localVolume(i), mountPath: TASK_DIR },
    { name: secretsVolume(i), mountPath: SECRETS_DIR },
  ];
}

/** Host and container ports for the labels a task exposes; a port goes to the first task that claims it. */
export function containerPorts(ports: AssignedPort[], labels: string[] | 'all', claimed: Set<string>): ContainerPort[] {
  const wanted = labels === 'all' ? ports : ports.filter((p) => labels.includes(p.label));
  const out: ContainerPort[] = [];
  for (const port of wanted.filter((p) => !claimed.has(p.label))) {
    claimed.add(port.label);
    const containerPort = port.to !== undefined && port.to > 0 ? port.to : port.value;
    // The TCP entry carries the label as its name, so a Service targets it whatever port each allocation got.
    const name = portName(port.label);
    for (const protocol of ['TCP', 'UDP'] as const) out.push({ ...(protocol === 'TCP' && name ? { name } : {}), containerPort, hostPort: port.value, protocol });
  }
  return out;
}

/** A port label as a Kubernetes port name (IANA_SVC_NAME: ≤ 15 lowercase letters, digits, inner '-'), or undefined. */
export function portName(label: string): string | undefined {
  const name = label.toLowerCase().replace(/_/g, '-');
  return /^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(name) && /[a-z]/.test(name) && !name.includes('--') ? name : undefined;
}

/** Everything a task's container is built from. */
export interface TaskContainerInput {
  env: EnvContext;
  group: TaskGroup;
  taskIndex: number;
  files: TaskFiles;
  execImage?: string;
  claimedPorts: Set<string>;
}

/** The task's container, or an error when its driver cannot run it. */
export function taskContainer(input: TaskContainerInput): { container?: Container; error?: string; warnings: string[] } {
  const { task, ports, mhzPerCore } = input.env;
  const driver = driverContainer(task, interpolationVars(input.env), input.execImage);
  if (!driver.ok) return { error: driver.error, warnings: [] };
  const { resources, warnings } = taskResources(task, mhzPerCore);
  const { portLabels, ...fields } = driver.container;
  const container: Container = {
    name: containerName(task), ...fields,
    env: taskEnv(input.env, input.files.env),
    resources,
    volumeMounts: taskDirMounts(input.taskIndex),
  };
  const containerPortList = containerPorts(ports, portLabels, input.claimedPorts);
  if (containerPortList.length > 0) container.ports = containerPortList;
  const user = task.user !== undefined && /^\d+$/.test(task.user) ? Number(task.user) : undefined;
  if (user !== undefined) container.securityContext = { ...container.securityContext, runAsUser: user };
  else if (task.user) warnings.push(`Task "${task.name}": user "${task.user}" is not numeric and is ignored`);
  const { warnings: probeWarnings, ...probes } = taskProbes(input.group, task, ports);
  Object.assign(container, probes);
  applyContainerExtension(container, input.group.kubernetes, task.kubernetes);
  return { container: dropUndefined(container), warnings: [...driver.warnings, ...warnings, ...probeWarnings] };
}

/** The init container that writes a task's payload and template files, or undefined when it has none. */
export function filesContainer(input: TaskContainerInput, helperImage: string): Container | undefined {
  const { files } = input.files;
  if (files.length === 0) return undefined;
  const env = [...taskEnv(input.env), ...files.map((f, i) => ({ name: `KN_FILE_${i}`, value: f.content }))];
  return {
    name: `files-${containerName(input.env.task)}`.slice(0, 63).replace(/-+$/, ''),
    image: helperImage,
    command: ['sh', '-c', kubeLiteral(writeScript(files))],
    env,
    volumeMounts: taskDirMounts(input.taskIndex),
  };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
