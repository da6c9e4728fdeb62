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

function taskStates(pod: V1Pod): Obj {
  const out: Obj = {};
  for (const c of pod.status?.containerStatuses ?? []) {
    const terminated = c.state?.terminated;
    const state = terminated ? 'dead' : c.state?.running ? 'running' : 'pending';
    out[c.name] = {
      State: state, Failed: terminated ? terminated.exitCode !== 0 : false, Restarts: c.restartCount ?? 0,
      LastRestart: null, StartedAt: c.state?.running?.startedAt ?? terminated?.startedAt ?? null, FinishedAt: terminated?.finishedAt ?? null, Events: [],
    };
  }
  return out;
}

/** The allocation ID of a pod (its NOMAD_ALLOC_ID label), or undefined for a pod that is not an allocation. */
export function allocIdOf(pod: V1Pod): string | undefined {
  return toAlloc(observePod(pod))?.allocId || undefined;
}

/** api.AllocationListStub. */
export function allocListStub(pod: V1Pod, nodes: NodeIndex, ns: NamespaceMap): Obj {
  const observed = observePod(pod);
  const alloc = toAlloc(observed);
  const nodeName = pod.spec?.nodeName ?? pod.metadata?.annotations?.[TARGET_NODE_ANNOTATION] ?? '';
  const index = indexOf(pod);
  const status = CLIENT_STATUS[allocStatus(observed, nodes.states)];
  return {
    ID: alloc?.allocId ?? '', EvalID: '', Name: pod.metadata?.annotations?.[ALLOC_NAME_ANNOTATION] ?? pod.metadata?.name ?? '',
    Namespace: nomadNamespace(ns, pod.metadata?.namespace), NodeID: nodes.ids[nodeName] ?? '', NodeName: nodeName,
    JobID: pod.metadata?.annotations?.[JOB_ID_ANNOTATION] ?? pod.metadata?.labels?.[JOB_LABEL] ?? '', JobType: '', JobVersion: 0,
    TaskGroup: alloc?.group ?? '', DesiredStatus: pod.metadata?.deletionTimestamp ? 'stop' : 'run', DesiredDescription: '',
    ClientStatus: status, ClientDescription: pod.status?.message ?? pod.status?.reason ?? '', TaskStates: taskStates(pod),
    FollowupEvalID: '', RescheduleTracker: null, PreemptedAllocations: null, PreemptedByAllocation: '',
    CreateIndex: index, ModifyIndex: index, CreateTime: unixNanos(pod.metadata?.creationTimestamp), ModifyTime: unixNanos(pod.metadata?.creationTimestamp),
  };
}

/** api.Allocation: the list stub's fields with the job (when known) and Nomad's allocation fields. */
export function apiAllocation(pod: V1Pod, nodes: NodeIndex, ns: NamespaceMap, job: Obj | null): Obj {
  const stub = allocListStub(pod, nodes, ns);
  return { ...stub, Job: job, JobType: job?.Type ?? '', Resources: null, AllocatedResources: null, Services: null, Metrics: null, AllocModifyIndex: stub.ModifyIndex, DeploymentID: '', DeploymentStatus: null };
}
