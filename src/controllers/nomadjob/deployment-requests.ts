/**
 * What a user asks of a deployment, as NomadJob annotations (written by `kubenomad deployment …`, or committed to
 * git for GitOps): promote its canaries, pause it, fail it. Each names the deployment it is meant for — its ID (as
 * the CLI writes) or its job version (as `kubectl get nomadjobs` shows) — so a request never reaches a later one.
 */

/** Promote the canaries of the named deployment (Nomad's `deployment promote`). */
export const PROMOTE_ANNOTATION = 'kubenomad.io/deployment-promote';
/** Pause the named deployment while present (Nomad's `deployment pause`; removing it resumes). */
export const PAUSE_ANNOTATION = 'kubenomad.io/deployment-pause';
/** Fail the named deployment (Nomad's `deployment fail`; auto_revert applies). */
export const FAIL_ANNOTATION = 'kubenomad.io/deployment-fail';

/** The requests found on a job, each the deployment ID or job version it names. */
export interface DeploymentRequests {
  promote?: string;
  pause?: string;
  fail?: string;
}

/** Reads the requests from a NomadJob's annotations. */
export function deploymentRequests(annotations: Readonly<Record<string, string>> | undefined): DeploymentRequests {
  const out: DeploymentRequests = {};
  const read = (key: string): string | undefined => annotations?.[key]?.trim() || undefined;
  const promote = read(PROMOTE_ANNOTATION);
  const pause = read(PAUSE_ANNOTATION);
  const fail = read(FAIL_ANNOTATION);
  if (promote) out.promote = promote;
  if (pause) out.pause = pause;
  if (fail) out.fail = fail;
  return out;
}

/** Whether a request names this deployment (by ID or job version). */
export function names(request: string | undefined, deployment: { id: string; jobVersion: number }): boolean {
  return request !== undefined && (request === deployment.id || request === String(deployment.jobVersion));
}
