/**
 * Evaluations, synthesised honestly from what the operator records: kubenomad keeps no evaluation history, so each
 * job has one evaluation per spec generation — its ID derived from the job's uid and generation, `complete` once the
 * controller has reconciled that generation (status.observedGeneration), `pending` before; its FailedTGAllocs are the
 * placement failures in the job's status and its QueuedAllocations the summary's queued counts.
 */
import { createHash } from 'node:crypto';
import type { NomadJob } from '../../crds/nomadjob-types.js';
import { allocationMetric } from './allocation-metric.js';
import { indexOf, unixNanos } from './index-of.js';
import { jobIdOf } from './job.js';
import { nomadNamespace, type NamespaceMap } from './namespaces.js';

type Obj = Record<string, unknown>;

/** The evaluation ID of a job generation: a UUID-shaped hash of the job's uid and generation. */
export function evaluationIdOf(job: Pick<NomadJob, 'metadata'>): string {
  const h = createHash('sha256').update(`${job.metadata.uid ?? job.metadata.name}@${job.metadata.generation ?? 1}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Whether the controller has reconciled the job's current generation. */
function evaluated(job: NomadJob): boolean {
  return (job.status?.observedGeneration ?? 0) >= (job.metadata.generation ?? 1);
}

/** api.Evaluation of a job's current generation. */
export function apiEvaluation(job: NomadJob, ns: NamespaceMap): Obj {
  const done = evaluated(job);
  const failures = done ? job.status?.placementFailures ?? [] : [];
  const queued = Object.fromEntries(Object.entries(job.status?.summary ?? {}).map(([g, s]) => [g, s.queued]));
  const index = indexOf(job);
  const created = unixNanos(job.metadata.creationTimestamp);
  return {
    ID: evaluationIdOf(job), Priority: job.spec.priority ?? 50, Type: job.spec.type ?? 'service', TriggeredBy: 'job-register',
    Namespace: nomadNamespace(ns, job.metadata.namespace), JobID: jobIdOf(job), JobModifyIndex: index, NodeID: '', NodeModifyIndex: 0,
    DeploymentID: '', Status: done ? 'complete' : 'pending', StatusDescription: '', Wait: 0, WaitUntil: null, NextEval: '', PreviousEval: '',
    BlockedEval: '', RelatedEvals: null, FailedTGAllocs: failures.length > 0 ? Object.fromEntries(failures.map((f) => [f.group, allocationMetric(f)])) : null,
    PlanAnnotations: null, ClassEligibility: null, EscapedComputedClass: false, QuotaLimitReached: '', AnnotatePlan: false,
    QueuedAllocations: done ? queued : null, SnapshotIndex: index, CreateIndex: index, ModifyIndex: index, CreateTime: created, ModifyTime: created,
  };
}
