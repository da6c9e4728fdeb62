/** The Kubernetes events a deployment's transitions give (Nomad shows them in `nomad deployment status`). */
import type { DeploymentState } from '../../crds/nomadjob-types.js';
import { DESCRIPTIONS, isActive } from './deployment-types.js';

/** One event to record on the NomadJob. */
export interface DeploymentEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

const short = (id: string): string => id.slice(0, 8);

/** The event reason of each status a deployment moves to (running after paused or blocked: resumed). */
const REASONS: Record<DeploymentState['status'], { type: DeploymentEvent['type']; reason: string }> = {
  successful: { type: 'Normal', reason: 'DeploymentSuccessful' },
  failed: { type: 'Warning', reason: 'DeploymentFailed' },
  cancelled: { type: 'Normal', reason: 'DeploymentCancelled' },
  paused: { type: 'Normal', reason: 'DeploymentPaused' },
  blocked: { type: 'Normal', reason: 'DeploymentBlocked' },
  running: { type: 'Normal', reason: 'DeploymentResumed' },
};

/** Events for the change from the recorded deployment to the next one (none when nothing changed). */
export function deploymentEvents(previous: DeploymentState | undefined, next: DeploymentState | undefined): DeploymentEvent[] {
  if (!next) return [];
  const out: DeploymentEvent[] = [];
  const replaced = previous !== undefined && previous.id !== next.id;
  if (replaced && isActive(previous)) {
    out.push({ type: 'Normal', reason: 'DeploymentCancelled', message: `Deployment ${short(previous.id)} (version ${previous.jobVersion}): ${DESCRIPTIONS.newerJob}` });
  }
  const started = previous === undefined || replaced;
  if (started) out.push({ type: 'Normal', reason: 'DeploymentStarted', message: `Deployment ${short(next.id)} started for job version ${next.jobVersion}` });
  if (started ? next.status === 'running' : previous.status === next.status) return out;
  out.push({ ...REASONS[next.status], message: `Deployment ${short(next.id)} (version ${next.jobVersion}): ${next.statusDescription}` });
  return out;
}
