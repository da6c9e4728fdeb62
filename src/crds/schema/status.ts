/** Status schemas of the three CRDs (written by the controllers, so lightly constrained). */
import type { DispatchStatus } from '../dispatch-types.js';
import type { Condition, DeploymentGroupState, DeploymentState, GroupSummary, JobVersionRecord, NomadJobStatus, PendingReschedule, PlacementFailure } from '../nomadjob-types.js';
import type { PeriodicLaunch, PeriodicStatus } from '../periodic-types.js';
import { bool, int, keyedList, list, mapOf, obj, oneOf, str, type JSONSchemaProps } from './builders.js';

const count = (description: string): JSONSchemaProps => int(description, { minimum: 0 });
const countMap = (description: string): JSONSchemaProps => mapOf(description, { type: 'integer', format: 'int64' });

/** Observed generation, shared by all statuses. */
export const observedGenerationField: JSONSchemaProps = int('The metadata.generation of the spec this status describes.', { minimum: 0 });

/** A condition in the shape of metav1.Condition. */
export const conditionSchema: JSONSchemaProps = obj<Condition>(
  'A condition in the shape of metav1.Condition.',
  {
    type: str('Condition type in CamelCase, e.g. Ready, Degraded, Stalled.', {
      minLength: 1,
      maxLength: 316,
      pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$',
    }),
    status: oneOf('Whether the condition holds.', ['True', 'False', 'Unknown']),
    reason: str('Machine-readable CamelCase reason of the last transition.', {
      minLength: 1,
      maxLength: 1024,
      pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$',
    }),
    message: str('Human-readable details.', { maxLength: 32768 }),
    observedGeneration: int('The metadata.generation the condition was set for.', { minimum: 0 }),
    lastTransitionTime: str('When the status last changed (RFC 3339).', { format: 'date-time', maxLength: 64 }),
  },
  { required: ['type', 'status', 'reason', 'lastTransitionTime'] },
);

/** The standard `conditions` list, keyed by type. */
export const conditionsField: JSONSchemaProps = keyedList('Standard conditions, keyed by type.', conditionSchema, 'type', { maxItems: 32 });

const groupSummarySchema = obj<GroupSummary>(
  'Allocation counts of one group, as in nomad job status "Summary".',
  {
    queued: count('Allocations wanted but not yet placed.'),
    starting: count('Placed allocations whose pod is not running yet.'),
    running: count('Running allocations.'),
    failed: count('Failed allocations.'),
    complete: count('Allocations that finished successfully.'),
    lost: count('Allocations lost with their node.'),
  },
  { required: ['queued', 'starting', 'running', 'failed', 'complete', 'lost'] },
);

const placementFailureSchema = obj<PlacementFailure>(
  'Why allocations of a group could not be placed (Nomad\'s AllocMetric, summarised).',
  {
    group: str('Group name.', { maxLength: 63 }),
    failedAllocations: count('Allocations that could not be placed.'),
    nodesEvaluated: count('Nodes considered.'),
    nodesFiltered: count('Nodes filtered out by constraints or drivers.'),
    nodesAvailable: countMap('Datacenter → number of ready nodes in it.'),
    constraintFiltered: countMap('Constraint (e.g. "${attr.kernel.name} = linux") → number of nodes it filtered out.'),
    classFiltered: countMap('Node class → number of nodes of that class filtered out.'),
    nodesExhausted: count('Nodes that passed the filters but lacked resources.'),
    dimensionExhausted: countMap('Resource dimension ("cpu", "memory", "disk", "ports", ...) → number of nodes on which it was exhausted.'),
    classExhausted: countMap('Node class → number of nodes of that class exhausted.'),
    message: str('Human-readable lines in the layout of nomad job plan.', { maxLength: 32768 }),
  },
  { required: ['group', 'failedAllocations', 'nodesEvaluated', 'nodesFiltered', 'nodesAvailable', 'nodesExhausted', 'message'] },
);

const deploymentGroupSchema = obj<DeploymentGroupState>(
  'One group of the deployment, as in nomad deployment status.',
  {
    desiredTotal: count('Allocations the group wants at the deployment\'s version.'),
    desiredCanaries: count('Canaries the update block asks for.'),
    placed: count('Allocations of the deployment\'s version placed (canaries included).'),
    healthy: count('Placed allocations that are healthy.'),
    unhealthy: count('Placed allocations that are unhealthy.'),
    canaries: count('Canary allocations placed.'),
    promoted: bool('The canaries were promoted.'),
    autoRevert: bool('A failed deployment reverts the job to its last stable version.'),
    autoPromote: bool('Healthy canaries are promoted without a manual promotion.'),
    requireProgressBy: str('The group fails unless an allocation turns healthy before this time (RFC 3339).', { format: 'date-time', maxLength: 64 }),
  },
  { required: ['desiredTotal', 'desiredCanaries', 'placed', 'healthy', 'unhealthy', 'canaries', 'promoted', 'autoRevert', 'autoPromote'] },
);

const deploymentSchema = obj<DeploymentState>(
  'The job\'s latest deployment (Nomad\'s Deployment).',
  {
    id: str('UUID-shaped deployment ID.', { maxLength: 64 }),
    jobVersion: count('The job version being deployed.'),
    status: oneOf('Deployment status.', ['running', 'paused', 'blocked', 'successful', 'failed', 'cancelled']),
    statusDescription: str('Why the deployment is in its status, in Nomad\'s words.', { maxLength: 1024 }),
    createdAt: str('When the deployment started (RFC 3339).', { format: 'date-time', maxLength: 64 }),
    groups: mapOf('Group name → deployment state of the group.', deploymentGroupSchema),
  },
  { required: ['id', 'jobVersion', 'status', 'statusDescription', 'createdAt', 'groups'] },
);

const versionRecordSchema = obj<JobVersionRecord>(
  'One recorded job version (nomad job history).',
  {
    version: count('The job version.'),
    specHash: str('Hash of the version\'s spec.', { maxLength: 128 }),
    submittedAt: str('When the version was first seen (RFC 3339).', { format: 'date-time', maxLength: 64 }),
    stable: bool('A deployment of this version succeeded.'),
    spec: str('The spec: gzip of its canonical JSON, base64; absent when it did not fit the history\'s byte budget.', { maxLength: 1048576 }),
  },
  { required: ['version', 'specHash', 'submittedAt', 'stable'] },
);

const pendingRescheduleSchema = obj<PendingReschedule>(
  'A failed allocation waiting for its reschedule delay.',
  {
    pod: str('The failed allocation\'s pod.', { maxLength: 253 }),
    group: str('Task group.', { maxLength: 63 }),
    index: count('Allocation index.'),
    nextAttemptAt: str('When the replacement is due (RFC 3339).', { format: 'date-time' }),
  },
  { required: ['pod', 'group', 'index', 'nextAttemptAt'] },
);

/** The NomadJob `status` schema. */
export const nomadJobStatusSchema: JSONSchemaProps = obj<NomadJobStatus>('Observed state of the job, written by the operator.', {
  observedGeneration: observedGenerationField,
  status: oneOf('Nomad job status: "pending", "running" or "dead".', ['pending', 'running', 'dead']),
  version: str('Hash of the spec version the allocations run.', { maxLength: 128 }),
  summary: mapOf('Group name → allocation counts.', groupSummarySchema),
  desired: count('Allocations wanted, summed over groups.'),
  running: count('Running allocations, summed over groups.'),
  selector: str('Label selector of the job\'s pods (string form).', { maxLength: 4096 }),
  placementFailures: keyedList('Groups with allocations that could not be placed, and why.', placementFailureSchema, 'group', { maxItems: 64 }),
  conditions: conditionsField,
  parent: str('For periodic and parameterized children: the parent NomadJob.', { maxLength: 253 }),
  allocGenerations: countMap('Allocation slot ("group[index]" or "group@node") → the highest generation created, for slots re-created at least once: a replacement always gets a new pod name and alloc ID.'),
  allocSlots: countMap('Group → n: allocation indexes 0..n-1 were created at least once (so a vanished allocation is replaced under a new name).'),
  placementSeed: str('Seed of the latest placement decision (the same seed on the same cluster gives the same placements).', { maxLength: 64 }),
  jobVersion: count('Nomad\'s job version: 0 for the first spec, one more at every spec change.'),
  specHash: str('Hash of the spec jobVersion was recorded for.', { maxLength: 128 }),
  deployment: deploymentSchema,
  versions: list('Recorded job versions, newest first (at most 6; specs within a 256 KiB budget).', versionRecordSchema, { maxItems: 16 }),
  reschedules: list('Failed allocations waiting for their reschedule delay (their history: kubenomad alloc status).', pendingRescheduleSchema, { maxItems: 1000 }),
});

/** The Dispatch `status` schema. */
export const dispatchStatusSchema: JSONSchemaProps = obj<DispatchStatus>('Observed state of the dispatch, written by the operator.', {
  observedGeneration: observedGenerationField,
  childJob: str('Name of the child NomadJob created for this dispatch.', { maxLength: 253 }),
  dispatchedJobId: str('Nomad ID of the child: "<job>/dispatch-<unix>-<8 hex>".', { maxLength: 512 }),
  phase: oneOf('Mirrors the child job: "pending", "running", "complete" or "failed".', ['pending', 'running', 'complete', 'failed']),
  conditions: conditionsField,
});

const launchSchema = obj<PeriodicLaunch>(
  'One launch of the periodic job.',
  {
    time: str('The cron tick (RFC 3339).', { format: 'date-time', maxLength: 64 }),
    childJob: str('Name of the child NomadJob.', { maxLength: 253 }),
    outcome: oneOf(
      '"launched", "skipped" (prohibitOverlap), "forced", or the child\'s outcome: "running", "complete", "failed".',
      ['launched', 'skipped', 'forced', 'running', 'complete', 'failed'],
    ),
    reason: str('Why, for skipped launches.', { maxLength: 1024 }),
  },
  { required: ['time', 'outcome'] },
);

/** The Periodic `status` schema. */
export const periodicStatusSchema: JSONSchemaProps = obj<PeriodicStatus>('Observed state of the schedule, written by the operator.', {
  observedGeneration: observedGenerationField,
  nextLaunch: str('Next scheduled launch (RFC 3339).', { format: 'date-time', maxLength: 64 }),
  cron: str('The effective cron expressions, comma-separated: the override\'s, else the job\'s periodic block.', { maxLength: 4096 }),
  lastLaunch: str('Most recent launch (RFC 3339).', { format: 'date-time', maxLength: 64 }),
  launches: list('Recent launches, newest first.', launchSchema, { maxItems: 1000 }),
  conditions: conditionsField,
});
