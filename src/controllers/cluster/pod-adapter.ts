/**
 * Kubernetes Pod → what it holds on a node, in Kubernetes units (`podRequests`, kube-scheduler's effective request)
 * and in the placement engine's units on its node (`toAllocation`). A pod holds exactly its own requests.
 */
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { mebibytes, milliCpu } from '../../k8s/quantity.js';
import { mhzOfMillicores, nodeMhzPerCore } from '../../placement/units.js';
import type { Allocation, Node } from '../../placement/types.js';
import { extendedOf } from './node-adapter.js';
import { GROUP_LABEL, JOB_LABEL } from '../nomadjob/labels.js';

/** The job's priority on its allocation pods (the other identity labels live in ../nomadjob/labels.ts). */
export const PRIORITY_LABEL = 'kubenomad.io/priority';

/** Priority given to pods kubenomad did not create: the top of Nomad's scale, so they are never preempted. */
export const FOREIGN_POD_PRIORITY = 100;

/** A pod's requests in Kubernetes units. */
export interface PodRequests {
  millicores: number;
  memoryMi: number;
  diskMi: number;
  extended: Record<string, number>;
}

/** `namespace/name` of a pod: the allocation id the engine and the controllers share. */
export function podKey(pod: V1Pod): string {
  return `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;
}

/** Whether a pod still holds resources (bound-or-not, not finished). */
export function isNonTerminal(pod: V1Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

const NONE: PodRequests = { millicores: 0, memoryMi: 0, diskMi: 0, extended: {} };

function fromList(list: Record<string, string> | undefined): PodRequests {
  return { millicores: milliCpu(list?.cpu), memoryMi: mebibytes(list?.memory), diskMi: mebibytes(list?.['ephemeral-storage']), extended: extendedOf(list) };
}

function combine(a: PodRequests, b: PodRequests, op: (x: number, y: number) => number): PodRequests {
  const extended = { ...a.extended };
  for (const [k, v] of Object.entries(b.extended)) extended[k] = op(extended[k] ?? 0, v);
  return { millicores: op(a.millicores, b.millicores), memoryMi: op(a.memoryMi, b.memoryMi), diskMi: op(a.diskMi, b.diskMi), extended };
}

const add = (a: PodRequests, b: PodRequests): PodRequests => combine(a, b, (x, y) => x + y);
const max = (a: PodRequests, b: PodRequests): PodRequests => combine(a, b, Math.max);
const requestsOf = (c: V1Container): PodRequests => fromList(c.resources?.requests);

/**
 * A pod's effective requests, as kube-scheduler computes them: the larger of (main containers + sidecars) and, for
 * each init container in order, (itself + the sidecars started before it); plus the pod's overhead.
 */
export function podRequests(pod: V1Pod): PodRequests {
  let sidecars = NONE;
  let initPeak = NONE;
  for (const c of pod.spec?.initContainers ?? []) {
    if (c.restartPolicy === 'Always') {
      sidecars = add(sidecars, requestsOf(c));
      initPeak = max(initPeak, sidecars);
    } else initPeak = max(initPeak, add(sidecars, requestsOf(c)));
  }
  const main = (pod.spec?.containers ?? []).reduce((sum, c) => add(sum, requestsOf(c)), NONE);
  return add(max(add(main, sidecars), initPeak), fromList(pod.spec?.overhead));
}

/** Whole cores an allocation pod reserves (Nomad `cores`: containers whose CPU request = limit = whole CPUs). */
export function reservedCores(pod: V1Pod): number {
  if (!pod.metadata?.labels?.[JOB_LABEL]) return 0; // a foreign pod's CPU request is bandwidth only
  let cores = 0;
  for (const c of pod.spec?.containers ?? []) {
    const request = milliCpu(c.resources?.requests?.cpu);
    if (request > 0 && request % 1000 === 0 && request === milliCpu(c.resources?.limits?.cpu)) cores += request / 1000;
  }
  return cores;
}

/** Host ports a pod holds, each once (a port open for TCP and UDP is one port, as in Nomad). */
export function hostPortsOf(pod: V1Pod): number[] {
  const ports = new Set<number>();
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    for (const p of c.ports ?? []) if (p.hostPort) ports.add(p.hostPort);
  }
  return [...ports];
}

/** What a pod bound to (or created for) `node` holds there, in the engine's units. */
export function toAllocation(pod: V1Pod, node: Node): Allocation {
  const labels = pod.metadata?.labels ?? {};
  const job = labels[JOB_LABEL];
  const priority = job ? Number(labels[PRIORITY_LABEL] ?? 50) : FOREIGN_POD_PRIORITY;
  const r = podRequests(pod);
  return {
    id: podKey(pod),
    name: pod.metadata?.name,
    nodeId: node.fingerprint.id,
    namespace: pod.metadata?.namespace,
    jobId: job ?? `pod:${pod.metadata?.name ?? ''}`,
    group: labels[GROUP_LABEL] ?? '',
    priority: Number.isFinite(priority) ? priority : 50,
    resources: {
      cpu: mhzOfMillicores(r.millicores, nodeMhzPerCore(node.fingerprint)),
      cores: reservedCores(pod), memory: r.memoryMi, disk: r.diskMi, pods: 1, extended: r.extended,
    },
    ports: hostPortsOf(pod),
  };
}
