/**
 * Observed allocations: the minimal shape of an allocation pod the planner reads, how to get it from a
 * Kubernetes pod, and the Nomad client status of each (queued, starting, running, complete, failed, lost).
 */
import {
  ALLOC_ID_LABEL, ALLOC_INDEX_LABEL, GENERATION_LABEL, GROUP_LABEL, RESCHEDULE_EVENTS_ANNOTATION,
  SLOT_NODE_ANNOTATION, VERSION_LABEL,
} from './labels.js';
import { parseEvents, type RescheduleEvent } from './reschedule.js';

/** A container's last known termination. */
export interface ContainerOutcome {
  name: string;
  restartCount: number;
  exitCode?: number;
  reason?: string;
  /** ISO time the container last terminated. */
  finishedAt?: string;
  /** The container's current state. */
  state?: 'waiting' | 'running' | 'terminated';
  /** Why it waits (e.g. CrashLoopBackOff). */
  waitingReason?: string;
}

/** An allocation pod as observed (built with `observePod` or directly in tests). */
export interface ObservedPod {
  name: string;
  uid?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  nodeName?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  /** ISO time the kubelet started the pod (status.startTime). */
  startTime?: string;
  containers: ContainerOutcome[];
  /** When the pod's Ready condition last turned True (ISO), if it is True now. */
  readySince?: string;
  /** When every container (of those reported) was running, if they all are now (ISO, the latest start). */
  runningSince?: string;
}

/** State of the node an allocation is on: absent from the map means the node is gone. */
export type NodeState = 'ready' | 'not-ready';

/** Nomad's allocation client status as kubenomad derives it from a pod. */
export type AllocStatus = 'queued' | 'starting' | 'running' | 'complete' | 'failed' | 'lost';

/** An observed pod with its identity parsed from labels (pods without it are not allocations). */
export interface ObservedAlloc {
  pod: ObservedPod;
  group: string;
  index: number;
  node?: string;
  version: string;
  generation: number;
  allocId: string;
  events: RescheduleEvent[];
}

/** The Kubernetes pod fields `observePod` reads (structurally a subset of client-node's V1Pod). */
export interface PodLike {
  metadata?: {
    name?: string; uid?: string; labels?: Record<string, string>; annotations?: Record<string, string>;
    creationTimestamp?: Date | string; deletionTimestamp?: Date | string;
  };
  spec?: { nodeName?: string };
  status?: { phase?: string; startTime?: Date | string; containerStatuses?: ContainerStatusLike[]; conditions?: ConditionLike[] };
}

/** The pod condition fields `observePod` reads. */
export interface ConditionLike {
  type: string;
  status: string;
  lastTransitionTime?: Date | string;
}

/** The container status fields `observePod` reads. */
export interface ContainerStatusLike {
  name: string;
  restartCount?: number;
  state?: { terminated?: TerminatedLike; running?: { startedAt?: Date | string }; waiting?: { reason?: string } };
  lastState?: { terminated?: TerminatedLike };
}

interface TerminatedLike { exitCode?: number; reason?: string; finishedAt?: Date | string }

const iso = (value: Date | string | undefined): string | undefined =>
  value instanceof Date ? value.toISOString() : value;

/** Conversions already made: informer caches keep a pod object until it changes, so each pod converts once. */
const observedCache = new WeakMap<PodLike, ObservedPod>();
const allocCache = new WeakMap<ObservedPod, ObservedAlloc | null>();

/** Converts a Kubernetes pod to the planner's shape (memoised per pod object; treat the result as read-only). */
export function observePod(pod: PodLike): ObservedPod {
  let observed = observedCache.get(pod);
  if (!observed) observedCache.set(pod, (observed = convertPod(pod)));
  return observed;
}

function convertPod(pod: PodLike): ObservedPod {
  const meta = pod.metadata ?? {};
  const containers = (pod.status?.containerStatuses ?? []).map((status): ContainerOutcome => {
    const terminated = status.state?.terminated ?? status.lastState?.terminated;
    return {
      name: status.name, restartCount: status.restartCount ?? 0, exitCode: terminated?.exitCode,
      reason: terminated?.reason, finishedAt: iso(terminated?.finishedAt),
      ...containerState(status),
    };
  });
  const observed: ObservedPod = {
    name: meta.name ?? '', uid: meta.uid, labels: meta.labels ?? {}, annotations: meta.annotations ?? {},
    phase: pod.status?.phase as ObservedPod['phase'], nodeName: pod.spec?.nodeName,
    creationTimestamp: iso(meta.creationTimestamp), deletionTimestamp: iso(meta.deletionTimestamp),
    ...(pod.status?.startTime !== undefined ? { startTime: iso(pod.status.startTime) } : {}), containers,
  };
  return Object.assign(observed, readiness(pod, observed.creationTimestamp));
}

/** Since when the pod is Ready and its containers all run (deployment health), as far as it is now. */
function readiness(pod: PodLike, created: string | undefined): Pick<ObservedPod, 'readySince' | 'runningSince'> {
  const out: Pick<ObservedPod, 'readySince' | 'runningSince'> = {};
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status === 'True') out.readySince = iso(ready.lastTransitionTime) ?? created;
  const statuses = pod.status?.containerStatuses ?? [];
  if (statuses.length > 0 && statuses.every((c) => c.state?.running !== undefined)) {
    out.runningSince = statuses.map((c) => iso(c.state?.running?.startedAt) ?? created ?? '').sort().pop();
  }
  return out;
}

function containerState(status: ContainerStatusLike): Pick<ContainerOutcome, 'state' | 'waitingReason'> {
  if (status.state?.terminated) return { state: 'terminated' };
  if (status.state?.running) return { state: 'running' };
  if (status.state?.waiting) return { state: 'waiting', waitingReason: status.state.waiting.reason };
  return {};
}

/** Parses a pod's allocation identity from its labels, or null when it is not an allocation pod (memoised). */
export function toAlloc(pod: ObservedPod): ObservedAlloc | null {
  let alloc = allocCache.get(pod);
  if (alloc === undefined) allocCache.set(pod, (alloc = parseAlloc(pod)));
  return alloc;
}

function parseAlloc(pod: ObservedPod): ObservedAlloc | null {
  const group = pod.labels[GROUP_LABEL];
  const index = Number(pod.labels[ALLOC_INDEX_LABEL]);
  const version = pod.labels[VERSION_LABEL];
  if (group === undefined || version === undefined || !Number.isInteger(index)) return null;
  const generation = Number(pod.labels[GENERATION_LABEL] ?? '0');
  return {
    pod, group, index, version,
    node: pod.annotations[SLOT_NODE_ANNOTATION] ?? undefined,
    generation: Number.isInteger(generation) ? generation : 0,
    allocId: pod.labels[ALLOC_ID_LABEL] ?? '',
    events: parseEvents(pod.annotations[RESCHEDULE_EVENTS_ANNOTATION]),
  };
}

/** The allocation's client status; `nodes` maps node names to their state (absent = gone). */
export function allocStatus(pod: ObservedPod, nodes: Readonly<Record<string, NodeState>>): AllocStatus {
  if (pod.phase === 'Succeeded') return 'complete';
  if (pod.phase === 'Failed') return 'failed';
  if (pod.nodeName === undefined || pod.nodeName === '') return 'queued';
  if (nodes[pod.nodeName] !== 'ready') return 'lost';
  return pod.phase === 'Running' ? 'running' : 'starting';
}

/** Whether a status is terminal (complete, failed, lost), as Nomad's TerminalStatus. */
export function isTerminal(status: AllocStatus): boolean {
  return status === 'complete' || status === 'failed' || status === 'lost';
}

/** When the allocation finished, in epoch ms: its latest container termination, else its creation, else 0. */
export function finishedAt(pod: ObservedPod): number {
  const times = pod.containers.map((c) => (c.finishedAt ? Date.parse(c.finishedAt) : NaN)).filter(Number.isFinite);
  if (times.length > 0) return Math.max(...times);
  return pod.creationTimestamp ? Date.parse(pod.creationTimestamp) : 0;
}
