/**
 * PUT /v1/validate/job (`nomad job validate`): the job converted as register would, then the admission webhook's own
 * checks (src/webhook nomadJobProblems: limits, spreads, names, drivers, regexps). Problems are answered with 200
 * and `ValidationErrors`, as Nomad does; driver configs are not validated (DriverConfigValidated false).
 */
import type { NomadJobSpec } from '../../crds/nomadjob-types.js';
import { nomadJobProblems } from '../../webhook/validate-nomadjob.js';
import { bodyObject, type ApiReply, type ApiRequest } from '../context.js';
import { errors } from '../errors.js';
import { specFromApiJob } from '../shapes/job.js';
import type { Conversion } from '../shapes/table.js';

/** PUT /v1/validate/job. */
export async function validateJob(req: ApiRequest): Promise<ApiReply> {
  const body = bodyObject(req);
  if (body.Job === undefined || body.Job === null) throw errors.badRequest('Job must be specified');
  const ctx: Conversion = { errors: [], warnings: [] };
  const spec = specFromApiJob(body.Job, ctx) as NomadJobSpec | undefined;
  const problems = [...ctx.errors];
  if (spec && !spec.id) problems.push('Missing job ID');
  if (spec && ctx.errors.length === 0) problems.push(...nomadJobProblems(spec).map((c) => (c.field ? `${c.field}: ${c.message}` : c.message)));
  return {
    body: { DriverConfigValidated: false, ValidationErrors: problems, Error: problems.length > 0 ? `${problems.length} error(s) occurred:\n\n${problems.map((p) => `* ${p}`).join('\n')}` : '', Warnings: ctx.warnings.join('\n') },
  };
}
