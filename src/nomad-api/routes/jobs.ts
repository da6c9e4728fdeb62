/** /v1/jobs (list, register) and /v1/jobs/parse (HCL → api.Job with the project's translator). */
import type { NomadJob } from '../../crds/nomadjob-types.js';
import { formatDiagnostic, translateJobspec } from '../../hcl-translate/index.js';
import { paths } from '../cluster.js';
import { bodyObject, requestNamespace, type ApiReply, type ApiRequest } from '../context.js';
import { errors } from '../errors.js';
import { applyListParams } from '../listing.js';
import { maxIndex } from '../shapes/index-of.js';
import { apiJob, jobListStub } from '../shapes/job.js';
import { objectNameOf } from './register.js';

/** GET /v1/jobs: the jobs of `?namespace=` (`*`: all), with `?prefix=` and `?filter=`. */
export async function listJobs(req: ApiRequest): Promise<ApiReply> {
  const path = paths.custom('nomadjobs', requestNamespace(req));
  const list = await req.cluster.list<NomadJob>(path);
  const stubs = list.items.map((j) => jobListStub(j, req.settings.ns)).sort((a, b) => String(a.ID).localeCompare(String(b.ID)));
  return { body: applyListParams(req, stubs), index: maxIndex(list.items), watch: { path, resourceVersion: list.resourceVersion } };
}

/** Nomad's Variables argument of /v1/jobs/parse: HCL `name = value` lines, read as a var file. */
function varFiles(variables: unknown): Array<{ name: string; content: string }> {
  if (variables === undefined || variables === null || variables === '') return [];
  if (typeof variables !== 'string') throw errors.badRequest('Variables must be a string of HCL variable assignments');
  return [{ name: 'variables.hcl', content: variables }];
}

/** POST /v1/jobs/parse: `{JobHCL, Variables, Canonicalize}` → api.Job, or 400 with the translator's diagnostics. */
export async function parseJob(req: ApiRequest): Promise<ApiReply> {
  const body = bodyObject(req);
  if (typeof body.JobHCL !== 'string' || body.JobHCL.trim() === '') throw errors.badRequest('Job HCL must be specified');
  const result = await translateJobspec(body.JobHCL, { filename: 'input.hcl', varFiles: varFiles(body.Variables) });
  if (!result.ok) throw errors.badRequest(`Error parsing job file from input.hcl:\n${result.diagnostics.map(formatDiagnostic).join('\n')}`);
  const id = result.spec.id ?? result.jobName;
  const job: NomadJob = { apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: objectNameOf(id) }, spec: { ...result.spec, id } };
  const out = apiJob(job, req.settings.ns);
  // A parsed job has not been submitted: no status, version or indexes yet (Nomad's parse answers the same).
  Object.assign(out, { Namespace: result.spec.namespace ?? 'default', Status: null, StatusDescription: null, Stable: null, Version: null, SubmitTime: null, CreateIndex: null, ModifyIndex: null, JobModifyIndex: null, ParentID: null });
  return { body: out };
}
