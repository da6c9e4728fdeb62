/** /v1/job/:id: read, update, stop (`?purge=true` deletes), and the read-only views (summary, allocations). */
import type { V1Pod } from '@kubernetes/client-node';
import { jobSelector } from '../../controllers/nomadjob/alloc-meta.js';
import { LABEL_PARENT_JOB, parentLabelValue } from '../../controllers/periodic/naming.js';
import type { NomadJob } from '../../crds/nomadjob-types.js';
import { paths, withQuery } from '../cluster.js';
import { singleNamespace, type ApiReply, type ApiRequest } from '../context.js';
import { applyListParams } from '../listing.js';
import { allocListStub } from '../shapes/alloc.js';
import { evaluationIdOf } from '../shapes/evaluation.js';
import { indexOf, maxIndex } from '../shapes/index-of.js';
import { apiJob, jobSummary } from '../shapes/job.js';
import { getJob, nodeIndex, readNodes } from './lookup.js';

/** The watch of one job: its collection narrowed to its name. */
export function jobWatch(job: NomadJob): ApiReply['watch'] {
  const path = withQuery(paths.custom('nomadjobs', job.metadata.namespace), { fieldSelector: `metadata.name=${job.metadata.name}` });
  return { path, resourceVersion: job.metadata.resourceVersion ?? '0' };
}

/** GET /v1/job/:id. */
export async function readJob(req: ApiRequest): Promise<ApiReply> {
  const job = await getJob(req.cluster, singleNamespace(req), req.params.id!);
  return { body: apiJob(job, req.settings.ns), index: indexOf(job), watch: jobWatch(job) };
}

/** DELETE /v1/job/:id: stop (spec.stop), or with `?purge=true` delete the NomadJob. */
export async function deregisterJob(req: ApiRequest): Promise<ApiReply> {
  const namespace = singleNamespace(req);
  const job = await getJob(req.cluster, namespace, req.params.id!);
  const path = paths.custom('nomadjobs', namespace, job.metadata.name);
  // Purged, nothing is left to evaluate; stopped, the new generation's evaluation removes the allocations.
  const evaluation = async (): Promise<{ index: number; evalId: string }> => {
    if (req.query.get('purge') === 'true') {
      await req.cluster.write('DELETE', path, undefined, 'job');
      return { index: indexOf(job) + 1, evalId: '' };
    }
    const stopped = await req.cluster.write<NomadJob>('PATCH', path, { spec: { stop: true } }, 'job', 'application/merge-patch+json');
    return { index: indexOf(stopped), evalId: evaluationIdOf(stopped) };
  };
  const { index, evalId } = await evaluation();
  return { body: { EvalID: evalId, EvalCreateIndex: index, JobModifyIndex: index, Index: index, LastContact: 0, KnownLeader: true }, index };
}

/** GET /v1/job/:id/summary (children counted for periodic and parameterized parents). */
export async function summaryOfJob(req: ApiRequest): Promise<ApiReply> {
  const namespace = singleNamespace(req);
  const job = await getJob(req.cluster, namespace, req.params.id!);
  const children = job.spec.periodic || job.spec.parameterized
    ? (await req.cluster.list<NomadJob>(withQuery(paths.custom('nomadjobs', namespace), { labelSelector: `${LABEL_PARENT_JOB}=${parentLabelValue(job.metadata.name ?? '')}` }))).items
    : [];
  return { body: jobSummary(job, req.settings.ns, children), index: indexOf(job), watch: jobWatch(job) };
}

/** GET /v1/job/:id/allocations. */
export async function allocationsOfJob(req: ApiRequest): Promise<ApiReply> {
  const namespace = singleNamespace(req);
  const job = await getJob(req.cluster, namespace, req.params.id!);
  const path = withQuery(paths.core('pods', namespace), { labelSelector: jobSelector(job.metadata.name ?? '') });
  const [pods, nodes] = await Promise.all([req.cluster.list<V1Pod>(path), readNodes(req.cluster)]);
  const index = nodeIndex(nodes.items);
  const stubs = pods.items.map((p) => allocListStub(p, index, req.settings.ns));
  return { body: applyListParams(req, stubs), index: maxIndex(pods.items), watch: { path, resourceVersion: pods.resourceVersion } };
}
