/** Status of a job that cannot run as written (a retry cannot fix it): dead, with the reason in a condition. */
import type { NomadJob, NomadJobStatus } from '../../crds/nomadjob-types.js';

/** The status recording why a job is invalid; keeps the previous transition time when nothing changed. */
export function errorStatus(job: NomadJob, problems: string[], now: Date): NomadJobStatus {
  const message = problems.join('; ');
  const previous = job.status?.conditions?.find((c) => c.type === 'Placed');
  const unchanged = previous?.status === 'False' && previous.reason === 'InvalidJob' && previous.message === message;
  return {
    ...job.status,
    observedGeneration: job.metadata.generation,
    status: 'dead',
    conditions: [{
      type: 'Placed', status: 'False', reason: 'InvalidJob', message,
      observedGeneration: job.metadata.generation,
      lastTransitionTime: unchanged ? previous.lastTransitionTime : now.toISOString(),
    }],
  };
}
