/** api.Allocation and api.AllocationListStub from allocation pods. */
import type { V1Pod } from '@kubernetes/client-node';
import { allocStatus, observePod, toAlloc, type AllocStatus, type NodeState } from '../../controllers/nomadjob/index.js';
import { ALLOC_NAME_ANNOTATION, JOB_ID_ANNOTATION, JOB_LABEL, TARGET_NODE_ANNOTATION } from '../../controllers/nomadjob/labels.js';
import { indexOf, unixNanos } from './index-of.js';
import { nomadNamespace, type NamespaceMap } from './namespaces.js';

type Obj = Record<string, unknown>;

/** What an allocation's node fields are read from: node name → ID (uid) and state. */
export interface NodeIndex {
  ids: Readonly<Record<string, string>>;
  states: Readonly<Record<string, NodeState>>;
}

/** Nomad's client status names: kubenomad's `queued` and `starting` are both Nomad's `pending`. */
const CLIENT_STATUS: Record<AllocStatus, string> = { queued: 'pending', starting: 'pending', running: 'running', complete: 'complete', failed: 'failed', lost: 'lost' };

type ContainerStatus = NonNullable<NonNullable<V1Pod['status']>['containerStatuses']>[number];

/** Nomad's TaskState of a container: pending, running or dead (terminated), failed on a non-zero exit. */
function taskState(c: ContainerStatus): Obj {
  const { terminated, running } = c.state ?? {};
  if (terminated) {
    return { State: 'dead', Failed: terminated.exitCode !== 0, Restarts: c.restartCount, LastRestart: null, StartedAt: terminated.startedAt ?? null, FinishedAt: terminated.finishedAt ?? null, Events: [] };
  }
  return { State: running ? 'running' : 'pending', Failed: false, Restarts: c.restartCount, LastRestart: null, StartedAt: running?.startedAt ?? null, FinishedAt: null, Events: [] };
}

function taskStates(pod: V1Pod): Obj {
  return Object.fromEntries((pod.status?.containerStatuses ?? []).map((c) => [c.name, taskState(c)]));
}

/** Where an allocation pod is and what it belongs to, from its spec, labels and annotations. */
function podIdentity(pod: V1Pod): { nodeName: string; name: string; jobId: string; namespace?: string } {
  const md = pod.metadata ?? {};
  const annotations = md.annotations ?? {};
  return {
    nodeName: pod.spec?.nodeName ?? annotations[TARGET_NODE_ANNOTATION] ?? '',
    name: annotations[ALLOC_NAME_ANNOTATION] ?? md.name ?? '',
    jobId: annotations[JOB_ID_ANNOTATION] ?? md.labels?.[JOB_LABEL] ?? '',
    namespace: md.namespace,
  };
}

/** The allocation ID of a pod (its NOMAD_ALLOC_ID label), or undefined for a pod that is not an allocation. */
export function allocIdOf(pod: V1Pod): string | undefined {
  return toAlloc(observePod(pod))?.allocId || undefined;
}

/** api.AllocationListStub. */
export function allocListStub(pod: V1Pod, nodes: NodeIndex, ns: NamespaceMap): Obj {
  const observed = observePod(pod);
  const alloc = toAlloc(observed);
  const id = podIdentity(pod);
  const index = indexOf(pod);
  const created = unixNanos(observed.creationTimestamp);
  return {
    ID: alloc?.allocId ?? '', EvalID: '', Name: id.name, Namespace: nomadNamespace(ns, id.namespace), NodeID: nodes.ids[id.nodeName] ?? '',
    NodeName: id.nodeName, JobID: id.jobId, JobType: '', JobVersion: 0, TaskGroup: alloc?.group ?? '',
    DesiredStatus: observed.deletionTimestamp ? 'stop' : 'run', DesiredDescription: '',
    ClientStatus: CLIENT_STATUS[allocStatus(observed, nodes.states)], ClientDescription: pod.status?.message ?? pod.status?.reason ?? '',
    TaskStates: taskStates(pod), FollowupEvalID: '', RescheduleTracker: null, PreemptedAllocations: null, PreemptedByAllocation: '',
    CreateIndex: index, ModifyIndex: index, CreateTime: created, ModifyTime: created,
  };
}

/** api.Allocation: the list stub's fields with the job (when known) and Nomad's allocation fields. */
export function apiAllocation(pod: V1Pod, nodes: NodeIndex, ns: NamespaceMap, job: Obj | null): Obj {
  const stub = allocListStub(pod, nodes, ns);
  return { ...stub, Job: job, JobType: job?.Type ?? '', Resources: null, AllocatedResources: null, Services: null, Metrics: null, AllocModifyIndex: stub.ModifyIndex, DeploymentID: '', DeploymentStatus: null };
}
