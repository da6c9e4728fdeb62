/** Every route of the Nomad HTTP API kubenomad serves; features not built answer Nomad-style 501 errors, never made-up data. */
import type { ApiReply, Handler } from '../context.js';
import { errors } from '../errors.js';
import { Router } from '../router.js';
import { agentSelf, leader, metrics, namespaces, peers, readNamespace, regions } from './agent.js';
import { allocationsOfNode, listAllocations, listNodes, readAllocation, readNode, setNodeEligibility, stopAllocation } from './allocs.js';
import { allocationsOfEvaluation, evaluationsOfJob, listEvaluations, readEvaluation } from './evaluations.js';
import { failDeployment, pauseDeployment, promoteDeployment } from './deployment-actions.js';
import { allocationsOfDeployment, deploymentsOfJob, latestDeploymentOfJob, listDeployments, readDeployment } from './deployments.js';
import { drainNode } from './drain.js';
import { validateJob } from './validate.js';
import { allocationLogs } from './logs.js';
import { dispatchJob, forcePeriodic, scaleJob } from './job-actions.js';
import { allocationsOfJob, deregisterJob, readJob, summaryOfJob } from './job.js';
import { listJobs, parseJob } from './jobs.js';
import { planJob } from './plan.js';
import { registerJob } from './register.js';
import { deleteVariable, listVariables, putVariable, readVariable } from './vars.js';
import { revertJob, versionsOfJob } from './versions.js';

const unsupported = (feature: string): Handler => async (): Promise<ApiReply> => {
  throw errors.notSupported(feature);
};

/** The route table. */
export function buildRouter(): Router<Handler> {
  const r = new Router<Handler>();
  r.add('GET', '/v1/jobs', listJobs).add(['PUT', 'POST'], '/v1/jobs', (req) => registerJob(req));
  r.add(['PUT', 'POST'], '/v1/jobs/parse', parseJob).add(['PUT', 'POST'], '/v1/validate/job', validateJob);
  r.add('GET', '/v1/job/:id', readJob).add(['PUT', 'POST'], '/v1/job/:id', (req) => registerJob(req, req.params.id)).add('DELETE', '/v1/job/:id', deregisterJob);
  r.add(['PUT', 'POST'], '/v1/job/:id/plan', planJob);
  r.add('GET', '/v1/job/:id/summary', summaryOfJob);
  r.add('GET', '/v1/job/:id/allocations', allocationsOfJob);
  r.add(['PUT', 'POST'], '/v1/job/:id/scale', scaleJob).add('GET', '/v1/job/:id/scale', unsupported('Job scale status'));
  r.add(['PUT', 'POST'], '/v1/job/:id/dispatch', dispatchJob);
  r.add(['PUT', 'POST'], '/v1/job/:id/periodic/force', forcePeriodic);
  r.add('GET', '/v1/job/:id/evaluations', evaluationsOfJob);
  r.add('GET', '/v1/job/:id/deployments', deploymentsOfJob).add('GET', '/v1/job/:id/deployment', latestDeploymentOfJob);
  r.add('GET', '/v1/job/:id/versions', versionsOfJob).add(['PUT', 'POST'], '/v1/job/:id/revert', revertJob);
  r.add('GET', '/v1/allocations', listAllocations).add('GET', '/v1/allocation/:id', readAllocation);
  r.add(['PUT', 'POST'], '/v1/allocation/:id/stop', stopAllocation);
  r.add('GET', '/v1/client/fs/logs/:alloc', allocationLogs);
  r.add('GET', '/v1/nodes', listNodes).add('GET', '/v1/node/:id', readNode).add('GET', '/v1/node/:id/allocations', allocationsOfNode);
  r.add(['PUT', 'POST'], '/v1/node/:id/drain', drainNode).add(['PUT', 'POST'], '/v1/node/:id/eligibility', setNodeEligibility);
  r.add('GET', '/v1/deployments', listDeployments).add('GET', '/v1/deployment/:id', readDeployment).add('GET', '/v1/deployment/allocations/:id', allocationsOfDeployment);
  r.add(['PUT', 'POST'], '/v1/deployment/promote/:id', promoteDeployment).add(['PUT', 'POST'], '/v1/deployment/fail/:id', failDeployment);
  r.add(['PUT', 'POST'], '/v1/deployment/pause/:id', pauseDeployment);
  r.add('GET', '/v1/evaluations', listEvaluations).add('GET', '/v1/evaluation/:id', readEvaluation).add('GET', '/v1/evaluation/:id/allocations', allocationsOfEvaluation);
  r.add('GET', '/v1/vars', listVariables).add('GET', '/v1/var/*path', readVariable).add('PUT', '/v1/var/*path', putVariable).add('DELETE', '/v1/var/*path', deleteVariable);
  r.add('GET', '/v1/status/leader', leader).add('GET', '/v1/status/peers', peers).add('GET', '/v1/regions', regions);
  r.add('GET', '/v1/agent/self', agentSelf).add('GET', '/v1/namespaces', namespaces).add('GET', '/v1/namespace/:name', readNamespace).add('GET', '/v1/metrics', metrics);
  return r;
}
