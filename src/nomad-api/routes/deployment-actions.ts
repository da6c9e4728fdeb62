/**
 * POST /v1/deployment/promote|fail|pause/:id: the request annotations `kubenomad deployment promote|fail|pause|resume`
 * writes (cli/deployment.ts, the same checks), written as the caller; the operator acts on them. A promote asked
 * before the canaries are healthy waits for them (kubenomad's annotation semantics) instead of being refused.
 */
import { actionAnnotations, type DeploymentAction } from '../../cli/deployment.js';
import { latestStable } from '../../controllers/nomadjob/version-history.js';
import type { DeploymentState, NomadJob } from '../../crds/nomadjob-types.js';
import { paths } from '../cluster.js';
import { bodyObject, type ApiReply, type ApiRequest } from '../context.js';
import { errors } from '../errors.js';
import { evaluationIdOf } from '../shapes/evaluation.js';
import { indexOf } from '../shapes/index-of.js';
import { jobOfDeployment } from './deployments.js';

/** Nomad's check of the body's DeploymentID against the path's. */
function checkDeploymentId(req: ApiRequest): Record<string, unknown> {
  const body = bodyObject(req);
  if (typeof body.DeploymentID !== 'string' || body.DeploymentID === '') throw errors.badRequest('DeploymentID must be specified');
  if (body.DeploymentID !== req.params.id) throw errors.badRequest('Deployment ID does not match');
  return body;
}

/** The version auto_revert will submit again when this deployment fails (as the operator decides it), if any. */
function revertedVersion(job: NomadJob, d: DeploymentState): number | null {
  if (!Object.values(d.groups).some((g) => g.autoRevert)) return null;
  const target = latestStable(job.status?.versions, d.jobVersion);
  return target && target.record.specHash !== job.status?.specHash ? target.record.version : null;
}

/** Writes the action's annotations on the deployment's job; answers Nomad's DeploymentUpdateResponse. */
async function requestAction(req: ApiRequest, action: DeploymentAction, check?: (d: DeploymentState | undefined) => void): Promise<ApiReply> {
  const job = await jobOfDeployment(req);
  const d = job.status?.deployment;
  check?.(d);
  const annotations = actionAnnotations(action, d);
  if (typeof annotations === 'string') throw errors.badRequest(annotations);
  const path = paths.custom('nomadjobs', job.metadata.namespace, job.metadata.name);
  const saved = await req.cluster.write<NomadJob>('PATCH', path, { metadata: { annotations } }, 'job', 'application/merge-patch+json');
  const index = indexOf(saved);
  const reverted = action === 'fail' && d ? revertedVersion(job, d) : null;
  return {
    body: { EvalID: evaluationIdOf(saved), EvalCreateIndex: index, DeploymentModifyIndex: index, RevertedJobVersion: reverted, Index: index, LastContact: 0, KnownLeader: true },
    index,
  };
}

/** The groups a promote names must be every group waiting for promotion: kubenomad promotes a deployment whole. */
function checkPromoteGroups(body: Record<string, unknown>, d: DeploymentState | undefined): void {
  if (body.All === true) return;
  const groups = body.Groups;
  if (!Array.isArray(groups) || groups.length === 0 || !groups.every((g) => typeof g === 'string')) throw errors.badRequest('Groups must name task groups when All is false');
  const waiting = Object.entries(d?.groups ?? {}).filter(([, g]) => g.desiredCanaries > 0 && !g.promoted).map(([name]) => name);
  const unknown = (groups as string[]).filter((g) => !Object.hasOwn(d?.groups ?? {}, g));
  if (unknown.length > 0) throw errors.badRequest(`Deployment has no task group ${unknown.map((g) => `"${g}"`).join(', ')}`);
  if (!waiting.every((g) => (groups as string[]).includes(g))) throw errors.notSupported('Promoting some of the groups of a deployment');
}

/** POST /v1/deployment/promote/:id (`All`, or `Groups` naming every group with canaries). */
export async function promoteDeployment(req: ApiRequest): Promise<ApiReply> {
  const body = checkDeploymentId(req);
  return requestAction(req, 'promote', (d) => checkPromoteGroups(body, d));
}

/** POST /v1/deployment/fail/:id (auto_revert applies: RevertedJobVersion). */
export async function failDeployment(req: ApiRequest): Promise<ApiReply> {
  return requestAction(req, 'fail');
}

/** POST /v1/deployment/pause/:id: `Pause: true` pauses, `false` resumes. */
export async function pauseDeployment(req: ApiRequest): Promise<ApiReply> {
  const body = checkDeploymentId(req);
  if (typeof body.Pause !== 'boolean') throw errors.badRequest('Pause must be true or false');
  return requestAction(req, body.Pause ? 'pause' : 'resume');
}
