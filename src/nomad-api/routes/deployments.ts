/**
 * Deployment reads: /v1/job/:id/deployment (the latest, `null` when none), /v1/job/:id/deployments, /v1/deployments,
 * /v1/deployment/:id and /v1/deployment/allocations/:id — from the latest deployment each NomadJob's status records
 * (shapes/deployment.ts).
 */
import type { V1Pod } from '@kubernetes/client-node';
import { jobSelector } from '../../controllers/nomadjob/alloc-meta.js';
import { VERSION_LABEL } from '../../controllers/nomadjob/labels.js';
import { decodeSpec } from '../../controllers/nomadjob/version-history.js';
import { groupVersion } from '../../controllers/nomadjob/version.js';
import type { NomadJob, NomadJobSpec } from '../../crds/nomadjob-types.js';
import { paths, withQuery } from '../cluster.js';
import { requestNamespace, singleNamespace, type ApiReply, type ApiRequest } from '../context.js';
import { errors } from '../errors.js';
import { applyListParams } from '../listing.js';
import { allocListStub } from '../shapes/alloc.js';
import { apiDeployment } from '../shapes/deployment.js';
import { indexOf, maxIndex } from '../shapes/index-of.js';
import { jobWatch } from './job.js';
import { jobVersionOf } from '../shapes/job-version.js';
import { getJob, nodeIndex, readNodes } from './lookup.js';

/** GET /v1/job/:id/deployment: the latest deployment, or null. */
export async function latestDeploymentOfJob(req: ApiRequest): Promise<ApiReply> {
  const job = await getJob(req.cluster, singleNamespace(req), req.params.id!);
  return { body: apiDeployment(job, req.settings.ns), index: indexOf(job), watch: jobWatch(job) };
}

/** GET /v1/job/:id/deployments: the job's deployments (kubenomad keeps the latest only). */
export async function deploymentsOfJob(req: ApiRequest): Promise<ApiReply> {
  const job = await getJob(req.cluster, singleNamespace(req), req.params.id!);
  const d = apiDeployment(job, req.settings.ns);
  return { body: d ? [d] : [], index: indexOf(job), watch: jobWatch(job) };
}

/** The jobs of `?namespace=` (all for `*`) and their deployments. */
async function deploymentsIn(req: ApiRequest): Promise<{ jobs: NomadJob[]; deployments: Array<Record<string, unknown>>; path: string; resourceVersion: string }> {
  const path = paths.custom('nomadjobs', requestNamespace(req));
  const list = await req.cluster.list<NomadJob>(path);
  const deployments = list.items.map((j) => apiDeployment(j, req.settings.ns)).filter((d): d is Record<string, unknown> => d !== null);
  return { jobs: list.items, deployments, path, resourceVersion: list.resourceVersion };
}

/** GET /v1/deployments (`?prefix=` on the deployment ID, `?filter=`). */
export async function listDeployments(req: ApiRequest): Promise<ApiReply> {
  const { jobs, deployments, path, resourceVersion } = await deploymentsIn(req);
  return { body: applyListParams(req, deployments), index: maxIndex(jobs), watch: { path, resourceVersion } };
}

/** The job whose latest deployment has this ID, or Nomad's 404 "deployment not found". */
export async function jobOfDeployment(req: ApiRequest): Promise<NomadJob> {
  const { items } = await req.cluster.list<NomadJob>(paths.custom('nomadjobs', requestNamespace(req)));
  const job = items.find((j) => j.status?.deployment?.id === req.params.id);
  if (!job) throw errors.notFound('deployment');
  return job;
}

/** GET /v1/deployment/:id. */
export async function readDeployment(req: ApiRequest): Promise<ApiReply> {
  const job = await jobOfDeployment(req);
  return { body: apiDeployment(job, req.settings.ns), index: indexOf(job), watch: jobWatch(job) };
}

/** The spec the deployment rolls out: the job's own when it is that version, else the kept one. */
function deployedSpec(job: NomadJob, version: number): NomadJobSpec | undefined {
  if (jobVersionOf(job).version === version) return job.spec;
  const record = job.status?.versions?.find((v) => v.version === version);
  return record ? decodeSpec(record) : undefined;
}

/** GET /v1/deployment/allocations/:id: the job's allocations of the deployment's version (its groups' version labels). */
export async function allocationsOfDeployment(req: ApiRequest): Promise<ApiReply> {
  const job = await jobOfDeployment(req);
  const spec = deployedSpec(job, job.status!.deployment!.jobVersion);
  const versions = new Set((spec?.groups ?? []).map((g) => groupVersion(spec!, g)));
  const path = withQuery(paths.core('pods', job.metadata.namespace), { labelSelector: jobSelector(job.metadata.name ?? '') });
  const [pods, nodes] = await Promise.all([req.cluster.list<V1Pod>(path), readNodes(req.cluster)]);
  const index = nodeIndex(nodes.items);
  const mine = pods.items.filter((p) => versions.has(p.metadata?.labels?.[VERSION_LABEL] ?? ''));
  return { body: mine.map((p) => allocListStub(p, index, req.settings.ns)), index: maxIndex(pods.items), watch: { path, resourceVersion: pods.resourceVersion } };
}
