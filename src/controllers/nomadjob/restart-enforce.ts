/**
 * Enforces each task's `restart` block on running allocations (pure): Kubernetes restarts the containers, this
 * reads their restart counts and says which pods must be failed now (attempts used up, mode fail) and which
 * restart intervals to remember in the pod (a new interval began). The reconciler applies the answer: a failed
 * allocation gets `activeDeadlineSeconds` (the kubelet fails the pod: DeadlineExceeded), so it stays as history
 * and the group's `reschedule` policy takes over.
 */
import type { NomadJobSpec, TaskGroup } from '../../crds/nomadjob-types.js';
import { RESTART_EXHAUSTED_ANNOTATION, RESTART_WINDOWS_ANNOTATION } from './labels.js';
import { allocStatus, toAlloc, type ContainerOutcome, type NodeState, type ObservedPod } from './observed.js';
import { decideRestart, resolveRestart, type RestartWindow } from './restart.js';
import { containerName } from './task-container.js';

/** A pod whose allocation must fail now, or whose restart intervals changed. */
export type RestartAction =
  | { kind: 'fail'; podName: string; task: string; message: string }
  | { kind: 'windows'; podName: string; windows: Record<string, RestartWindow> };

/** What the enforcement reads. */
export interface RestartInput {
  spec: NomadJobSpec;
  pods: ObservedPod[];
  nodes: Readonly<Record<string, NodeState>>;
}

/** The restart actions for a job's running allocations (idempotent: a pod already failed is left alone). */
export function restartActions(input: RestartInput): RestartAction[] {
  const out: RestartAction[] = [];
  for (const pod of input.pods) {
    const action = podAction(input, pod);
    if (action) out.push(action);
  }
  return out;
}

/** The group of a running allocation whose restarts kubenomad still watches, if any. */
function watchedGroup(input: RestartInput, pod: ObservedPod): TaskGroup | undefined {
  const alloc = toAlloc(pod);
  if (!alloc || pod.deletionTimestamp || pod.annotations[RESTART_EXHAUSTED_ANNOTATION] !== undefined) return undefined;
  const status = allocStatus(pod, input.nodes);
  if (status !== 'running' && status !== 'starting') return undefined;
  return input.spec.groups?.find((g) => g.name === alloc.group);
}

function podAction(input: RestartInput, pod: ObservedPod): RestartAction | undefined {
  const group = watchedGroup(input, pod);
  if (!group) return undefined;
  const windows = parseWindows(pod.annotations[RESTART_WINDOWS_ANNOTATION]);
  const podStart = Date.parse(pod.startTime ?? pod.creationTimestamp ?? '') || 0;
  let changed = false;
  for (const task of group.tasks) {
    const container = pod.containers.find((c) => c.name === containerName(task));
    if (!container) continue;
    const policy = resolveRestart(input.spec.type, group, task);
    const window = windows[task.name] ?? { startMs: podStart, base: 0 };
    const decision = decideRestart(policy, taskRestarts(container, runsToCompletion(input.spec)), window);
    if (decision.kind === 'fail') return { kind: 'fail', podName: pod.name, task: task.name, message: `Task "${task.name}": ${decision.message}` };
    if (decision.kind === 'new-window') {
      windows[task.name] = decision.window;
      changed = true;
    }
  }
  return changed ? { kind: 'windows', podName: pod.name, windows } : undefined;
}

const runsToCompletion = (spec: NomadJobSpec): boolean => spec.type === 'batch' || spec.type === 'sysbatch';

/** Failures of a container: restarts done, plus the crash it is waiting to restart from (not a clean batch exit). */
export function taskRestarts(c: ContainerOutcome, runsToCompletionJob: boolean): { failures: number; lastFailureMs?: number } {
  const cleanExit = runsToCompletionJob && c.exitCode === 0;
  const pending = (c.state === 'terminated' && !cleanExit) || c.waitingReason === 'CrashLoopBackOff';
  const last = c.finishedAt ? Date.parse(c.finishedAt) : NaN;
  return { failures: c.restartCount + (pending ? 1 : 0), lastFailureMs: Number.isFinite(last) ? last : undefined };
}

/** Reads the remembered restart intervals (malformed → none). */
export function parseWindows(text: string | undefined): Record<string, RestartWindow> {
  if (!text) return {};
  try {
    const parsed = JSON.parse(text) as Record<string, Partial<RestartWindow>>;
    const out: Record<string, RestartWindow> = {};
    for (const [task, w] of Object.entries(parsed)) {
      if (typeof w.startMs === 'number' && typeof w.base === 'number') out[task] = { startMs: w.startMs, base: w.base };
    }
    return out;
  } catch {
    return {};
  }
}
