/**
 * POST /v1/job/:id/plan: the operator's own decision (src/cli/plan.ts planSnapshot → scheduleJob, with the operator's
 * settings) on the cluster as the caller reads it, in Nomad's JobPlanResponse: desired updates per group and, for
 * allocations that cannot be placed, the AllocationMetric (nodes evaluated, filtered, exhausted, and the dimension).
 */
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { planSnapshot } from '../../cli/plan.js';
import { paths } from '../cluster.js';
import { bodyObject, singleNamespace, type ApiReply, type ApiRequest } from '../context.js';
import { errors } from '../errors.js';
import { allocationMetric } from '../shapes/allocation-metric.js';
import { indexOf } from '../shapes/index-of.js';
import { findJob } from './lookup.js';
import { jobSpecOf, objectNameOf } from './register.js';

/** POST /v1/job/:id/plan. */
export async function planJob(req: ApiRequest): Promise<ApiReply> {
  const body = bodyObject(req);
  const { spec, id, warnings } = jobSpecOf(body.Job);
  if (id !== req.params.id) throw errors.badRequest('Job ID does not match');
  const namespace = singleNamespace(req);
  delete spec.namespace;
  const [existing, nodes, pods] = await Promise.all([
    findJob(req.cluster, namespace, id),
    req.cluster.list<V1Node>(paths.nodes()),
    req.cluster.list<V1Pod>(paths.core('pods')),
  ]);
  const name = existing?.metadata.name ?? objectNameOf(id);
  const out = planSnapshot({ name, namespace, spec, existing, nodes: nodes.items, pods: pods.items, now: new Date(), settings: req.settings.scheduler });
  if (out.decision.invalid.length > 0) throw errors.badRequest(`Job "${id}" cannot run as written:\n${out.decision.invalid.map((p) => `* ${p}`).join('\n')}`);
  const desired: Record<string, unknown> = {};
  for (const [group, u] of Object.entries(out.updates)) {
    desired[group] = { Ignore: u.ignore, Place: u.create, Migrate: 0, Stop: u.destroy, InPlaceUpdate: u.inPlace, DestructiveUpdate: u.destructive, Canary: 0, Preemptions: 0 };
  }
  const failed = Object.fromEntries(out.decision.failures.map((f) => [f.group, allocationMetric(f)]));
  return {
    body: {
      JobModifyIndex: existing ? indexOf(existing) : 0, CreatedEvals: null, Diff: body.Diff === true ? { Type: existing ? 'Edited' : 'Added', ID: id, Fields: null, Objects: null, TaskGroups: null } : null,
      Annotations: { DesiredTGUpdates: desired, PreemptedAllocs: null }, FailedTGAllocs: Object.keys(failed).length > 0 ? failed : null,
      NextPeriodicLaunch: '0001-01-01T00:00:00Z', Warnings: warnings.join('\n'),
    },
  };
}
