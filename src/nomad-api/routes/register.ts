/** Registering a job (PUT /v1/jobs, POST /v1/job/:id): api.Job → NomadJob, created or replaced as the caller. */
import type { NomadJob, NomadJobSpec } from '../../crds/nomadjob-types.js';
import { sanitizeName, shortHash } from '../../controllers/periodic/naming.js';
import { paths } from '../cluster.js';
import { bodyObject, type ApiReply, type ApiRequest } from '../context.js';
import { errors } from '../errors.js';
import { evaluationIdOf } from '../shapes/evaluation.js';
import { indexOf } from '../shapes/index-of.js';
import { specFromApiJob } from '../shapes/job.js';
import { kubeNamespace } from '../shapes/namespaces.js';
import type { Conversion } from '../shapes/table.js';
import { findJob, isObjectName } from './lookup.js';

/** The NomadJob name of a job ID: the ID itself when it is a valid object name, else a sanitised form with a hash. */
export function objectNameOf(id: string): string {
  if (isObjectName(id) && id.length <= 63) return id;
  const trim = (s: string): string => s.replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return `${trim(trim(sanitizeName(id)).slice(0, 52)) || 'job'}-${shortHash(id)}`;
}

/** Converts the request's `Job` into a spec, refusing it (400) with every problem found. */
export function jobSpecOf(job: unknown): { spec: NomadJobSpec; id: string; warnings: string[] } {
  if (job === undefined || job === null) throw errors.badRequest('Job must be specified');
  const ctx: Conversion = { errors: [], warnings: [] };
  const spec = specFromApiJob(job, ctx);
  if (ctx.errors.length > 0 || !spec) throw errors.badRequest(`Invalid job:\n${ctx.errors.slice(0, 50).map((e) => `* ${e}`).join('\n')}`);
  const id = spec.id;
  if (!id) throw errors.badRequest('Job ID must be specified');
  if (id.length > 128) throw errors.badRequest('Job ID must be at most 128 characters');
  return { spec, id, warnings: ctx.warnings };
}

function checkIndex(body: Record<string, unknown>, existing: NomadJob | undefined): void {
  if (body.EnforceIndex !== true) return;
  const expected = Number(body.JobModifyIndex ?? 0);
  const current = existing ? indexOf(existing) : 0;
  if (expected === 0 && existing) throw errors.badRequest('Enforcing job modify index 0: job already exists');
  if (expected !== current) throw errors.badRequest(`Enforcing job modify index ${expected}: job exists with conflicting job modify index: ${current}`);
}

function preserveCounts(spec: NomadJobSpec, existing: NomadJob | undefined): void {
  for (const g of spec.groups ?? []) {
    const before = existing?.spec.groups?.find((x) => x.name === g.name);
    if (before?.count !== undefined) g.count = before.count;
  }
}

/** Registers the body's job; `pathId` (POST /v1/job/:id) must match its ID. */
export async function registerJob(req: ApiRequest, pathId?: string): Promise<ApiReply> {
  const body = bodyObject(req);
  const { spec, id, warnings } = jobSpecOf(body.Job);
  if (pathId !== undefined && pathId !== id) throw errors.badRequest('Job ID does not match name');
  const namespace = kubeNamespace(req.settings.ns, spec.namespace ?? req.query.get('namespace'));
  if (namespace === undefined) throw errors.badRequest('namespace "*" is not valid for a job');
  delete spec.namespace;
  const existing = await findJob(req.cluster, namespace, id);
  checkIndex(body, existing);
  if (body.PreserveCounts === true) preserveCounts(spec, existing);
  const name = existing?.metadata.name ?? objectNameOf(id);
  if (name === id) delete spec.id;
  const saved = existing
    ? await req.cluster.write<NomadJob>('PUT', paths.custom('nomadjobs', namespace, name), { ...existing, spec }, 'job')
    : await req.cluster.write<NomadJob>('POST', paths.custom('nomadjobs', namespace), { apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name, namespace }, spec }, 'job');
  const index = indexOf(saved);
  return { body: { EvalID: evaluationIdOf(saved), EvalCreateIndex: index, JobModifyIndex: index, Warnings: warnings.join('\n'), Index: index, LastContact: 0, KnownLeader: true }, index };
}
