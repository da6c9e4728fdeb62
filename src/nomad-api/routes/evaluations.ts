/** /v1/evaluations, /v1/evaluation/:id (+ /allocations), /v1/job/:id/evaluations: one synthesised evaluation per job generation (shapes/evaluation.ts). */
import type { V1Pod } from '@kubernetes/client-node';
import { jobSelector } from '../../controllers/nomadjob/alloc-meta.js';
import type { NomadJob } from '../../crds/nomadjob-types.js';
import { paths, withQuery } from '../cluster.js';
import { requestNamespace, singleNamespace, type ApiReply, type ApiRequest } from '../context.js';
import { errors } from '../errors.js';
import { applyListParams } from '../listing.js';
import { allocListStub } from '../shapes/alloc.js';
import { apiEvaluation, evaluationIdOf } from '../shapes/evaluation.js';
import { indexOf, maxIndex } from '../shapes/index-of.js';
import { getJob, nodeIndex, readNodes } from './lookup.js';

/** GET /v1/evaluations: the current evaluation of every job of `?namespace=`. */
export async function listEvaluations(req: ApiRequest): Promise<ApiReply> {
  const path = paths.custom('nomadjobs', requestNamespace(req));
  const list = await req.cluster.list<NomadJob>(path);
  const evals = list.items.map((j) => apiEvaluation(j, req.settings.ns));
  return { body: applyListParams(req, evals), index: maxIndex(list.items), watch: { path, resourceVersion: list.resourceVersion } };
}

/** GET /v1/job/:id/evaluations. */
export async function evaluationsOfJob(req: ApiRequest): Promise<ApiReply> {
  const job = await getJob(req.cluster, singleNamespace(req), req.params.id!);
  return { body: [apiEvaluation(job, req.settings.ns)], index: indexOf(job) };
}

async function jobOfEvaluation(req: ApiRequest): Promise<NomadJob> {
  const { items } = await req.cluster.list<NomadJob>(paths.custom('nomadjobs', requestNamespace(req)));
  const job = items.find((j) => evaluationIdOf(j) === req.params.id);
  if (!job) throw errors.notFound('eval');
  return job;
}

/** GET /v1/evaluation/:id. */
export async function readEvaluation(req: ApiRequest): Promise<ApiReply> {
  const job = await jobOfEvaluation(req);
  const path = withQuery(paths.custom('nomadjobs', job.metadata.namespace), { fieldSelector: `metadata.name=${job.metadata.name}` });
  return { body: apiEvaluation(job, req.settings.ns), index: indexOf(job), watch: { path, resourceVersion: job.metadata.resourceVersion ?? '0' } };
}

/** GET /v1/evaluation/:id/allocations: the job's allocations. */
export async function allocationsOfEvaluation(req: ApiRequest): Promise<ApiReply> {
  const job = await jobOfEvaluation(req);
  const path = withQuery(paths.core('pods', job.metadata.namespace), { labelSelector: jobSelector(job.metadata.name ?? '') });
  const [pods, nodes] = await Promise.all([req.cluster.list<V1Pod>(path), readNodes(req.cluster)]);
  const index = nodeIndex(nodes.items);
  return { body: pods.items.map((p) => allocListStub(p, index, req.settings.ns)), index: maxIndex(pods.items) };
}
