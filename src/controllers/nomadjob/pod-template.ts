/**
 * An allocation → its pod. Rendered after placement, for the chosen node: CPU millicores depend on the node's
 * MHz and the env carries the allocated ports. The pod has `schedulerName: kubenomad` and no `nodeName`; the
 * operator binds it to the chosen node through the pods/binding subresource.
 */
import type { NomadJobSpec, Task, TaskGroup } from '../../crds/nomadjob-types.js';
import type { NodeFingerprint } from '../../crds/node-labels.js';
import { SCHEDULER_NAME } from './alloc-name.js';
import { allocAnnotations, allocLabels } from './alloc-meta.js';
import { DEFAULT_EXEC_IMAGE } from './drivers.js';
import { durationOr } from './duration.js';
import type { AssignedPort } from './env.js';
import { taskFiles } from './files.js';
import { applyPodExtension, type PodMeta } from './kubernetes-extension.js';
import type { AllocToCreate, JobRef } from './plan-types.js';
import type { Container, PodManifest, PodSpec, Volume } from './pod-types.js';
import { nodeMhzPerCore } from './resources.js';
import { resolveRestart } from './restart.js';
import { ALLOC_VOLUME, filesContainer, localVolume, secretsVolume, taskContainer, type TaskContainerInput } from './task-container.js';
import { taskWarnings } from './warnings.js';

/** Operator settings for rendering. */
export interface RenderOptions {
  /** Image of exec and raw_exec tasks (default busybox:1.36). */
  execImage?: string;
  /** Image of the init container writing payload and template files (default: the exec image). */
  helperImage?: string;
}

/** What to render: the job, the planned allocation, and placement's answer (node and ports). */
export interface RenderInput {
  job: JobRef;
  alloc: AllocToCreate;
  node: NodeFingerprint;
  ports: AssignedPort[];
  options?: RenderOptions;
}

/** The rendered pod and warnings, or errors that retrying cannot fix. */
export type RenderResult = { ok: true; pod: PodManifest; warnings: string[] } | { ok: false; errors: string[]; warnings: string[] };

/**
 * Kubernetes restart policy per job type: the kubelet restarts tasks in place as Nomad's client does — any exit of
 * service/system tasks (Always), failures of batch/sysbatch tasks (OnFailure) — and kubenomad fails the allocation
 * once the `restart` block's attempts are used up (restart-enforce.ts). When no main task may restart at all
 * (`attempts = 0`, mode fail), Never: the first failure fails the pod with the task's own exit code.
 */
export function restartPolicyFor(spec: NomadJobSpec, group?: TaskGroup): PodSpec['restartPolicy'] {
  const main = group?.tasks.filter((t) => t.lifecycle === undefined) ?? [];
  const noRestarts = main.length > 0 && main.every((t) => {
    const policy = resolveRestart(spec.type, group!, t);
    return policy.attempts === 0 && policy.mode === 'fail';
  });
  if (noRestarts) return 'Never';
  return spec.type === 'batch' || spec.type === 'sysbatch' ? 'OnFailure' : 'Always';
}

/** Seconds Kubernetes waits before killing: longest kill_timeout (default 5s) plus shutdown_delay. */
export function gracePeriodSeconds(group: TaskGroup): number {
  const longest = Math.max(...group.tasks.map((t) => durationOr(t.killTimeout, 5_000) + durationOr(t.shutdownDelay, 0)));
  return Math.ceil((longest + durationOr(group.shutdownDelay, 0)) / 1000);
}

/** Where each task's container goes: init (prestart, sidecar prestart), main, or skipped (poststop). */
function placeContainer(task: Task, container: Container, spec: PodSpec): void {
  if (task.lifecycle?.hook === 'prestart') {
    if (task.lifecycle.sidecar) container.restartPolicy = 'Always';
    spec.initContainers = [...(spec.initContainers ?? []), container];
  } else spec.containers.push(container);
}

function baseVolumes(group: TaskGroup): Volume[] {
  const volumes: Volume[] = [{ name: ALLOC_VOLUME, emptyDir: {} }];
  group.tasks.forEach((_t, i) => volumes.push({ name: localVolume(i), emptyDir: {} }, { name: secretsVolume(i), emptyDir: { medium: 'Memory' } }));
  return volumes;
}

function dnsConfig(group: TaskGroup): PodSpec['dnsConfig'] {
  const dns = group.networks?.find((n) => n.dns)?.dns;
  if (!dns) return undefined;
  return { nameservers: dns.servers, searches: dns.searches, options: dns.options?.map((name) => ({ name })) };
}

/** Builds the containers of every task into `spec`; returns errors and warnings. */
function renderTasks(input: RenderInput, group: TaskGroup, spec: PodSpec): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const fileInits: Container[] = [];
  const claimedPorts = new Set<string>();
  const mhzPerCore = nodeMhzPerCore(input.node);
  group.tasks.forEach((task, taskIndex) => {
    warnings.push(...taskWarnings(task));
    if (task.lifecycle?.hook === 'poststop') return;
    const files = taskFiles(task, input.job.spec.payload);
    const env = { job: input.job, alloc: input.alloc, task, node: input.node, ports: input.ports, mhzPerCore };
    const taskInput: TaskContainerInput = { env, group, taskIndex, files, execImage: input.options?.execImage, claimedPorts };
    const rendered = taskContainer(taskInput);
    warnings.push(...files.warnings, ...rendered.warnings);
    if (rendered.error !== undefined) errors.push(rendered.error);
    if (rendered.container) placeContainer(task, rendered.container, spec);
    const init = filesContainer(taskInput, input.options?.helperImage || input.options?.execImage || DEFAULT_EXEC_IMAGE);
    if (init) fileInits.push(init);
  });
  if (fileInits.length > 0) spec.initContainers = [...fileInits, ...(spec.initContainers ?? [])];
  if (spec.containers.length === 0 && errors.length === 0) errors.push(`Group "${group.name}" has no main task to run`);
  return { errors, warnings };
}

/** Renders the pod of a planned allocation on the chosen node. */
export function renderAllocPod(input: RenderInput): RenderResult {
  const { job, alloc } = input;
  const group = job.spec.groups?.find((g) => g.name === alloc.group);
  if (!group) return { ok: false, errors: [`Group "${alloc.group}" is not in the job`], warnings: [] };
  const spec: PodSpec = {
    schedulerName: SCHEDULER_NAME, restartPolicy: restartPolicyFor(job.spec, group),
    terminationGracePeriodSeconds: gracePeriodSeconds(group), containers: [], volumes: baseVolumes(group),
    // Nomad tasks get no platform credentials unless asked (a `kubernetes { serviceAccountName }` mounts its token);
    // it also keeps the projected token volume out of every allocation pod the apiserver stores and sends.
    automountServiceAccountToken: false,
  };
  const dns = dnsConfig(group);
  if (dns) spec.dnsConfig = dns;
  const { errors, warnings } = renderTasks(input, group, spec);
  if (errors.length > 0) return { ok: false, errors, warnings };
  const meta: PodMeta = { labels: {}, annotations: {} };
  applyPodExtension(spec, meta, group.kubernetes);
  for (const task of group.tasks) applyPodExtension(spec, meta, task.kubernetes);
  const pod: PodManifest = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: alloc.podName, namespace: job.namespace,
      // Identity labels last: the extension cannot override them.
      labels: { ...meta.labels, ...allocLabels(job, alloc) },
      annotations: { ...meta.annotations, ...allocAnnotations(job, alloc) },
      ownerReferences: [{ apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', name: job.name, uid: job.uid, controller: true, blockOwnerDeletion: true }],
    },
    spec,
  };
  return { ok: true, pod, warnings };
}
