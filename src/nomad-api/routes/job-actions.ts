/** POST /v1/job/:id/scale, /dispatch and /periodic/force: the same requests `kubenomad` and the operator already understand. */
import { randomBytes, createHash } from 'node:crypto';
import { dispatchObject } from '../../cli/dispatch.js';
import { ANNOTATION_FORCE, ANNOTATION_FORCE_HANDLED } from '../../controllers/periodic/observe.js';
import { periodicChildId, periodicChildName } from '../../controllers/periodic/naming.js';
import type { Dispatch } from '../../crds/dispatch-types.js';
import type { NomadJob } from '../../crds/nomadjob-types.js';
import { paths } from '../cluster.js';
import { bodyObject, singleNamespace, type ApiReply, type ApiRequest } from '../context.js';
import { errors, NomadApiError } from '../errors.js';
import { evaluationIdOf } from '../shapes/evaluation.js';
import { indexOf } from '../shapes/index-of.js';
import { jobIdOf } from '../shapes/job.js';
import { awaitObject } from './await-object.js';
import { getJob } from './lookup.js';

const writeMeta = (index: number): Record<string, unknown> => ({ Index: index, LastContact: 0, KnownLeader: true });

/** POST /v1/job/:id/scale: `{Count, Target: {Group}}` sets the group's count. */
export async function scaleJob(req: ApiRequest): Promise<ApiReply> {
  const body = bodyObject(req);
  const namespace = singleNamespace(req);
  const target = body.Target as Record<string, unknown> | null | undefined;
  const group = target?.Group;
  if (typeof group !== 'string' || group === '') throw errors.badRequest('missing task group name for scaling action');
  if (body.Count === undefined || body.Count === null) throw errors.badRequest('Count must be specified');
  if (!Number.isSafeInteger(body.Count)) throw errors.badRequest('Count must be an integer');
  if ((body.Count as number) < 0) throw errors.badRequest('scaling action count can\'t be negative');
  const job = await getJob(req.cluster, namespace, req.params.id!);
  const i = (job.spec.groups ?? []).findIndex((g) => g.name === group);
  if (i < 0) throw errors.badRequest(`task group "${group}" specified for scaling does not exist in job`);
  const patch = [{ op: 'test', path: `/spec/groups/${i}/name`, value: group }, { op: 'add', path: `/spec/groups/${i}/count`, value: body.Count }];
  const saved = await req.cluster.write<NomadJob>('PATCH', paths.custom('nomadjobs', namespace, job.metadata.name), patch, 'job', 'application/json-patch+json');
  const index = indexOf(saved);
  return { body: { EvalID: evaluationIdOf(saved), EvalCreateIndex: index, JobModifyIndex: index, Warnings: '', ...writeMeta(index) }, index };
}

function dispatchName(job: string, token: string | undefined): string {
  const suffix = token ? createHash('sha256').update(token).digest('hex').slice(0, 12) : randomBytes(6).toString('hex');
  return `${job.slice(0, 240)}-${suffix}`;
}

function stringMap(value: unknown, what: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value) || !Object.values(value).every((v) => typeof v === 'string')) throw errors.badRequest(`${what} must be a map of strings`);
  return value as Record<string, string>;
}

function payloadOf(value: unknown): Buffer | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw errors.badRequest('Payload must be base64-encoded');
  return Buffer.from(value, 'base64');
}

/** Creates the Dispatch of a request (an existing one with the same idempotency token answers instead); returns its name. */
async function createDispatch(req: ApiRequest, body: Record<string, unknown>, job: string, namespace: string): Promise<string> {
  const token = req.query.get('idempotency_token') || undefined;
  const template = typeof body.IdPrefixTemplate === 'string' && body.IdPrefixTemplate ? body.IdPrefixTemplate : undefined;
  const args = { job, namespace, meta: stringMap(body.Meta, 'Meta'), idPrefixTemplate: template, idempotencyToken: token };
  const name = dispatchName(job, token);
  try {
    await req.cluster.write('POST', paths.custom('dispatches', namespace), dispatchObject(args, name, payloadOf(body.Payload)), 'dispatch');
  } catch (err) {
    if (!(err instanceof NomadApiError && err.status === 409 && token)) throw err; // the same token: the earlier dispatch answers
  }
  return name;
}

/** POST /v1/job/:id/dispatch: creates a Dispatch (named after `?idempotency_token=` when given) and waits for its child. */
export async function dispatchJob(req: ApiRequest): Promise<ApiReply> {
  const body = bodyObject(req);
  const namespace = singleNamespace(req);
  const parent = await getJob(req.cluster, namespace, req.params.id!);
  if (!parent.spec.parameterized) throw errors.badRequest(`Specified job "${jobIdOf(parent)}" is not a parameterized job`);
  const name = await createDispatch(req, body, parent.metadata.name ?? '', namespace);
  const d = await awaitObject<Dispatch>(req.cluster, { plural: 'dispatches', namespace, name }, (x) => Boolean(x.status?.childJob) || x.status?.phase === 'failed', req.settings.operatorWaitMs);
  if (!d.status?.childJob) throw errors.badRequest(d.status?.conditions?.[0]?.message ?? 'dispatch refused');
  const child = await req.cluster.find<NomadJob>(paths.custom('nomadjobs', namespace, d.status.childJob));
  const index = indexOf(child ?? d);
  return { body: { DispatchedJobID: d.status.dispatchedJobId ?? d.status.childJob, EvalID: child ? evaluationIdOf(child) : '', EvalCreateIndex: index, JobCreateIndex: index, ...writeMeta(index) }, index };
}

/** POST /v1/job/:id/periodic/force: the force annotation `kubenomad job periodic force` writes, then the launched child. */
export async function forcePeriodic(req: ApiRequest): Promise<ApiReply> {
  const namespace = singleNamespace(req);
  const parent = await getJob(req.cluster, namespace, req.params.id!);
  if (!parent.spec.periodic) throw errors.badRequest(`can't force launch non-periodic job`);
  const name = parent.metadata.name ?? '';
  const at = new Date(Math.floor(Date.now() / 1000) * 1000);
  const value = at.toISOString();
  await req.cluster.write('PATCH', paths.custom('nomadjobs', namespace, name), { metadata: { annotations: { [ANNOTATION_FORCE]: value } } }, 'job', 'application/merge-patch+json');
  await awaitObject<NomadJob>(req.cluster, { plural: 'nomadjobs', namespace, name }, (j) => j.metadata.annotations?.[ANNOTATION_FORCE_HANDLED] === value, req.settings.operatorWaitMs);
  const child = await req.cluster.find<NomadJob>(paths.custom('nomadjobs', namespace, periodicChildName(name, at)));
  if (!child) throw errors.badRequest(`can't force run non-tracked job "${jobIdOf(parent)}" (disabled, stopped or parameterized)`);
  const index = indexOf(child);
  return { body: { EvalID: evaluationIdOf(child), EvalCreateIndex: index, DispatchedJobID: periodicChildId(jobIdOf(parent), at), ...writeMeta(index) }, index };
}
