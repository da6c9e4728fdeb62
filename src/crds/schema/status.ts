/** Status schemas of the three CRDs (written by the controllers, so lightly constrained). */
import type { DispatchStatus } from '../dispatch-types.js';
import type { Condition, GroupSummary, NomadJobStatus, PlacementFailure } from '../nomadjob-types.js';
import type { PeriodicLaunch, PeriodicStatus } from '../periodic-types.js';
import { int, keyedList, list, mapOf, obj, oneOf, str, type JSONSchemaProps } from './builders.js';

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
