/** `kubenomad alloc status <alloc-id>`: Nomad's allocation view of the pod carrying that allocation ID (prefix allowed). */
import type { V1Pod } from '@kubernetes/client-node';
import { ALLOC_ID_LABEL, ALLOC_NAME_ANNOTATION, GROUP_LABEL, JOB_LABEL, VERSION_LABEL } from '../controllers/nomadjob/labels.js';
import { allocStatus, observePod, type NodeState } from '../controllers/nomadjob/index.js';
import { processIo, type Io } from './convert.js';
import { formatted, type OutputFlags } from './output.js';
import { columnize, formatKV } from './columns.js';
import { nodeStates, type StatusReader } from './status.js';

/** The allocation fields `alloc status` prints (and `-json` emits), named as Nomad's API names them. */
export interface AllocView {
  ID: string;
  Name: string;
  Namespace: string;
  NodeName: string;
  JobID: string;
  JobVersion: string;
  TaskGroup: string;
  ClientStatus: string;
  DesiredStatus: 'run' | 'stop';
  CreateTime: string;
  TaskStates: Record<string, { State: 'pending' | 'running' | 'dead'; Restarts: number; ExitCode?: number }>;
}

/** Task states from the pod's containers: running, dead (exited) or pending. */
function taskStates(pod: V1Pod): AllocView['TaskStates'] {
  const states: AllocView['TaskStates'] = {};
  for (const c of pod.spec?.containers ?? []) states[c.name] = { State: 'pending', Restarts: 0 };
  for (const c of observePod(pod).containers) {
    const running = (pod.status?.containerStatuses ?? []).find((s) => s.name === c.name)?.state?.running !== undefined;
    const state = running ? 'running' : c.exitCode !== undefined ? 'dead' : 'pending';
    states[c.name] = { State: state, Restarts: c.restartCount, ...(c.exitCode !== undefined ? { ExitCode: c.exitCode } : {}) };
  }
  return states;
}

/** The view of one allocation's pod. */
export function allocView(pod: V1Pod, nodes: Readonly<Record<string, NodeState>>): AllocView {
  const o = observePod(pod);
  const label = (k: string): string => o.labels[k] ?? '';
  return {
    ID: label(ALLOC_ID_LABEL), Name: o.annotations[ALLOC_NAME_ANNOTATION] ?? o.name, Namespace: pod.metadata?.namespace ?? '',
    NodeName: o.nodeName || '<none>', JobID: label(JOB_LABEL), JobVersion: label(VERSION_LABEL), TaskGroup: label(GROUP_LABEL),
    ClientStatus: allocStatus(o, nodes), DesiredStatus: o.deletionTimestamp ? 'stop' : 'run', CreateTime: o.creationTimestamp ?? '',
    TaskStates: taskStates(pod),
  };
}

/** Nomad's `alloc status` layout. */
export function formatAlloc(a: AllocView): string {
  const head = formatKV([
    ['ID', a.ID], ['Eval ID', '<none>'], ['Name', a.Name], ['Node Name', a.NodeName], ['Job ID', a.JobID],
    ['Job Version', a.JobVersion], ['Client Status', a.ClientStatus], ['Desired Status', a.DesiredStatus], ['Created', a.CreateTime],
  ]);
  const tasks = Object.entries(a.TaskStates).map(([name, s]) => [name, s.State, String(s.Restarts), s.ExitCode === undefined ? '' : String(s.ExitCode)]);
  return `${head}\n\nTasks\n${columnize([['Name', 'State', 'Restarts', 'Exit Code'], ...tasks])}\n`;
}

/** `alloc status <id>`: exit 0, or 1 when no allocation (or more than one) matches. */
export async function runAllocStatus(id: string, opts: { namespace?: string } & OutputFlags, reader: Pick<StatusReader, 'listPods' | 'listNodes'>, io: Io = processIo): Promise<number> {
  const namespace = opts.namespace ?? 'default';
  const pods = (await reader.listPods(namespace, '')).filter((p) => (p.metadata?.labels?.[ALLOC_ID_LABEL] ?? '').startsWith(id) && id !== '');
  if (pods.length !== 1) {
    io.err(pods.length === 0 ? `No allocation(s) with prefix or id "${id}" found in namespace "${namespace}"\n` : `Prefix matched multiple allocations: ${pods.map((p) => p.metadata?.labels?.[ALLOC_ID_LABEL]).join(', ')}\n`);
    return 1;
  }
  const view = allocView(pods[0]!, nodeStates(await reader.listNodes()));
  io.out(formatted(view, opts) ?? formatAlloc(view));
  return 0;
}
