/**
 * GET /v1/job/:id/versions (`?diffs=true`) from the version history in the NomadJob's status, and POST
 * /v1/job/:id/revert: the spec of a kept version submitted again as the caller (cli/job-history.ts revertTarget
 * decides, as `kubenomad job revert` does); the operator records it as a new version and deploys it.
 */
import { revertTarget } from '../../cli/job-history.js';
import type { NomadJob } from '../../crds/nomadjob-types.js';
import { paths } from '../cluster.js';
import { bodyObject, singleNamespace, type ApiReply, type ApiRequest } from '../context.js';
import { errors } from '../errors.js';
import { evaluationIdOf } from '../shapes/evaluation.js';
import { indexOf } from '../shapes/index-of.js';
import { jobVersionOf } from '../shapes/job-version.js';
import { apiJobVersions } from '../shapes/job-versions.js';
import { jobWatch } from './job.js';
import { getJob } from './lookup.js';

/** GET /v1/job/:id/versions. */
export async function versionsOfJob(req: ApiRequest): Promise<ApiReply> {
  const diffs = req.query.get('diffs') ?? 'false';
  if (diffs !== 'true' && diffs !== 'false') throw errors.badRequest(`Failed to parse value of "diffs" (${diffs.slice(0, 40)}) as a bool`);
  const job = await getJob(req.cluster, singleNamespace(req), req.params.id!);
  const index = indexOf(job);
  return { body: { ...apiJobVersions(job, req.settings.ns, diffs === 'true'), Index: index, LastContact: 0, KnownLeader: true }, index, watch: jobWatch(job) };
}

/** A version number of the body (a non-negative integer), or undefined when absent. */
function versionField(body: Record<string, unknown>, name: string): number | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (!Number.isSafeInteger(v) || (v as number) < 0) throw errors.badRequest(`${name} must be a non-negative integer`);
  return v as number;
}

/** The revert request's fields, checked as Nomad's HTTP handler does before anything is read. */
function revertRequest(req: ApiRequest): { wanted: number; prior?: number } {
  const body = bodyObject(req);
  if (typeof body.JobID !== 'string' || body.JobID === '') throw errors.badRequest('JobID must be specified');
  if (body.JobID !== req.params.id) throw errors.badRequest('Job ID does not match');
  return { wanted: versionField(body, 'JobVersion') ?? 0, prior: versionField(body, 'EnforcePriorVersion') };
}

/** Nomad's checks of a revert against the job's current version (EnforcePriorVersion, not the current version). */
function checkVersions(job: NomadJob, wanted: number, prior: number | undefined): void {
  const { version } = jobVersionOf(job);
  if (prior !== undefined && prior !== version) throw errors.badRequest(`Current job has version ${version}; enforcing version ${prior}`);
  if (wanted === version) throw errors.badRequest(`can't revert to current version`);
}

/** POST /v1/job/:id/revert: `{JobID, JobVersion, EnforcePriorVersion}`. */
export async function revertJob(req: ApiRequest): Promise<ApiReply> {
  const { wanted, prior } = revertRequest(req);
  const namespace = singleNamespace(req);
  const job = await getJob(req.cluster, namespace, req.params.id!);
  checkVersions(job, wanted, prior);
  const target = revertTarget(job, String(wanted));
  if (typeof target === 'string') throw errors.badRequest(target);
  // The spec is replaced only if no other spec change came in between (EnforcePriorVersion holds at the write too).
  const patch = [{ op: 'test', path: '/metadata/generation', value: job.metadata.generation }, { op: 'replace', path: '/spec', value: target }];
  const saved = await req.cluster.write<NomadJob>('PATCH', paths.custom('nomadjobs', namespace, job.metadata.name), patch, 'job', 'application/json-patch+json');
  const index = indexOf(saved);
  return { body: { EvalID: evaluationIdOf(saved), EvalCreateIndex: index, JobModifyIndex: index, Warnings: '', Index: index, LastContact: 0, KnownLeader: true }, index };
}
