/** Kubernetes Pod → the placement engine's Allocation: what a bound, non-terminal pod holds on its node. */
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import type { Allocation, ResourceVector } from '../../placement/types.js';
import { toResourceVector } from './node-adapter.js';
import { GROUP_LABEL, JOB_LABEL } from '../nomadjob/labels.js';

/** The job's priority on its allocation pods (the other identity labels live in ../nomadjob/labels.ts). */
export const PRIORITY_LABEL = 'kubenomad.io/priority';

/** Priority given to pods kubenomad did not create: the top of Nomad's scale, so they are never preempted. */
export const FOREIGN_POD_PRIORITY = 100;

/** `namespace/name` of a pod: the allocation id the engine and the controllers share. */
export function podKey(pod: V1Pod): string {
  return `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;
}

/** Whether a pod still holds resources (bound-or-not, not finished). */
export function isNonTerminal(pod: V1Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

function addVectors(a: ResourceVector, b: ResourceVector): ResourceVector {
  const extended = { ...a.extended };
  for (const [k, v] of Object.entries(b.extended)) extended[k] = (extended[k] ?? 0) + v;
  return { cpu: a.cpu + b.cpu, cores: a.cores + b.cores, memory: a.memory + b.memory, disk: a.disk + b.disk, pods: a.pods + b.pods, extended };
}

function maxVectors(a: ResourceVector, b: ResourceVector): ResourceVector {
  const extended = { ...a.extended };
  for (const [k, v] of Object.entries(b.extended)) extended[k] = Math.max(extended[k] ?? 0, v);
  const m = (x: number, y: number): number => Math.max(x, y);
  return { cpu: m(a.cpu, b.cpu), cores: m(a.cores, b.cores), memory: m(a.memory, b.memory), disk: m(a.disk, b.disk), pods: m(a.pods, b.pods), extended };
}

const ZERO: ResourceVector = { cpu: 0, cores: 0, memory: 0, disk: 0, pods: 0, extended: {} };

function requestsOf(containers: V1Container[] | undefined, mhz: number): ResourceVector {
  return (containers ?? []).reduce((sum, c) => addVectors(sum, toResourceVector(c.resources?.requests, mhz)), ZERO);
}

/** A pod's effective requests, as kube-scheduler computes them: max(sum of containers, largest init container). */
export function podRequests(pod: V1Pod, mhzPerCore: number): ResourceVector {
  const main = requestsOf(pod.spec?.containers, mhzPerCore);
  const init = (pod.spec?.initContainers ?? []).reduce((m, c) => maxVectors(m, toResourceVector(c.resources?.requests, mhzPerCore)), ZERO);
  const total = maxVectors(main, init);
  // Whole cores are a Nomad notion; a pod's cpu request is bandwidth only.
  return { ...total, cores: 0, pods: 1 };
}

/** Host ports a pod holds. */
export function hostPortsOf(pod: V1Pod): number[] {
  const ports: number[] = [];
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    for (const p of c.ports ?? []) if (p.hostPort) ports.push(p.hostPort);
  }
  return ports;
}

/** Converts a pod bound to `nodeId` (the node's engine id) on a node of `mhzPerCore`. */
export function toAllocation(pod: V1Pod, nodeId: string, mhzPerCore: number): Allocation {
  const labels = pod.metadata?.labels ?? {};
  const job = labels[JOB_LABEL];
  const priority = job ? Number(labels[PRIORITY_LABEL] ?? 50) : FOREIGN_POD_PRIORITY;
  return {
    id: podKey(pod),
    name: pod.metadata?.name,
    nodeId,
    namespace: pod.metadata?.namespace,
    jobId: job ?? `pod:${pod.metadata?.name ?? ''}`,
    group: labels[GROUP_LABEL] ?? '',
    priority: Number.isFinite(priority) ? priority : 50,
    resources: podRequests(pod, mhzPerCore),
    ports: hostPortsOf(pod),
  };
}
