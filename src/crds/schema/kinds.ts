/**
 * The three kubenomad CRDs: NomadJob, Dispatch and Periodic.
 *
 * NomadJob has no scale subresource: Kubernetes needs specReplicasPath to be a plain path without list
 * indices (".spec.groups[0].count" is rejected), and the NomadJob contract (nomadjob-types.ts) has no single
 * replica field yet. Adding one (e.g. `spec.count` for single-group jobs) would enable `kubectl scale` and HPA.
 */
import { customResourceDefinition, type CustomResourceDefinition } from './crd.js';
import { dispatchSpecSchema, periodicSpecSchema } from './launch-specs.js';
import { nomadJobSpecSchema } from './nomadjob-spec.js';
import { dispatchStatusSchema, nomadJobStatusSchema, periodicStatusSchema } from './status.js';

/** The NomadJob CRD. */
export const nomadJobCrd: CustomResourceDefinition = customResourceDefinition({
  kind: 'NomadJob',
  plural: 'nomadjobs',
  shortNames: ['nj'],
  description:
    'NomadJob is a HashiCorp Nomad job (jobspec) scheduled onto Kubernetes nodes by kubenomad: each group runs count allocations, ' +
    'each allocation a pod with one container per task. Write it structurally or as raw HCL in spec.hcl.',
  spec: nomadJobSpecSchema,
  status: nomadJobStatusSchema,
  columns: [
    { name: 'Type', type: 'string', jsonPath: '.spec.type', description: 'Job type.' },
    { name: 'Status', type: 'string', jsonPath: '.status.status', description: 'Nomad job status.' },
    { name: 'Desired', type: 'integer', jsonPath: '.status.desired', description: 'Allocations wanted.' },
    { name: 'Running', type: 'integer', jsonPath: '.status.running', description: 'Allocations running.' },
    { name: 'Version', type: 'integer', jsonPath: '.status.jobVersion', description: 'Nomad job version.' },
    { name: 'Deployment', type: 'string', jsonPath: '.status.deployment.status', description: 'Status of the latest deployment.' },
    { name: 'Priority', type: 'integer', jsonPath: '.spec.priority', description: 'Job priority.', priority: 1 },
    { name: 'Datacenters', type: 'string', jsonPath: '.spec.datacenters', description: 'Datacenters.', priority: 1 },
  ],
});

/** The Dispatch CRD. */
export const dispatchCrd: CustomResourceDefinition = customResourceDefinition({
  kind: 'Dispatch',
  plural: 'dispatches',
  description: 'Dispatch is one "nomad job dispatch" of a parameterized NomadJob: it creates a child NomadJob carrying its meta and payload.',
  spec: dispatchSpecSchema,
  status: dispatchStatusSchema,
  columns: [
    { name: 'Job', type: 'string', jsonPath: '.spec.job', description: 'The parameterized NomadJob.' },
    { name: 'Child', type: 'string', jsonPath: '.status.childJob', description: 'The child NomadJob.' },
    { name: 'Phase', type: 'string', jsonPath: '.status.phase', description: 'Phase of the child job.' },
  ],
});

/** The Periodic CRD. */
export const periodicCrd: CustomResourceDefinition = customResourceDefinition({
  kind: 'Periodic',
  plural: 'periodics',
  description: 'Periodic is the cron schedule of a periodic batch or sysbatch NomadJob: it launches child NomadJobs and records the launches.',
  spec: periodicSpecSchema,
  status: periodicStatusSchema,
  columns: [
    { name: 'Job', type: 'string', jsonPath: '.spec.job', description: 'The periodic NomadJob.' },
    { name: 'Cron', type: 'string', jsonPath: '.status.cron', description: 'The effective cron expressions (the override\'s, else the job\'s periodic block).' },
    { name: 'Next', type: 'string', jsonPath: '.status.nextLaunch', description: 'Next launch (RFC 3339; a date column would print <invalid> for a future time).' },
    { name: 'Last', type: 'date', jsonPath: '.status.lastLaunch', description: 'Last launch.' },
    { name: 'Crons', type: 'string', jsonPath: '.spec.crons', description: 'Cron overrides (list form).', priority: 1 },
  ],
});

/** All kubenomad CRDs, in installation order. */
export const allCrds: readonly CustomResourceDefinition[] = [nomadJobCrd, dispatchCrd, periodicCrd];
