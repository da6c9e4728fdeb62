/** Labels and annotations kubenomad puts on allocation pods: the pod's Nomad identity. */

/** The NomadJob's metadata.name (or a hashed form when it is not a valid label value). */
export const JOB_LABEL = 'kubenomad.io/job';
/** The task group name. */
export const GROUP_LABEL = 'kubenomad.io/group';
/** The allocation index, `0..count-1` (always 0 for system and sysbatch jobs). */
export const ALLOC_INDEX_LABEL = 'kubenomad.io/alloc-index';
/** The group's version hash (see version.ts). */
export const VERSION_LABEL = 'kubenomad.io/version';
/** The allocation's NOMAD_ALLOC_ID. */
export const ALLOC_ID_LABEL = 'kubenomad.io/alloc-id';
/** How many times the allocation slot was (re)created before this pod; a replacement gets the next one. */
export const GENERATION_LABEL = 'kubenomad.io/alloc-generation';
/** Marks pods managed by kubenomad (value `true`). */
export const MANAGED_LABEL = 'kubenomad.io/managed';

/** Nomad's alloc name `<job>.<group>[<index>]` (brackets are not valid in label values). */
export const ALLOC_NAME_ANNOTATION = 'kubenomad.io/alloc-name';
/** The Nomad job ID the pod belongs to. */
export const JOB_ID_ANNOTATION = 'kubenomad.io/job-id';
/**
 * The node placement chose for the pod, written when the pod is created (before it is bound), so a pod created
 * but not yet bound already holds that node's capacity. Every allocation pod has it; it is not an identity.
 */
export const TARGET_NODE_ANNOTATION = 'kubenomad.io/target-node';
/** System and sysbatch allocations only: the node whose slot the allocation fills (part of its identity). */
export const SLOT_NODE_ANNOTATION = 'kubenomad.io/slot-node';
/** JSON list of reschedule events that led to this allocation (Nomad's RescheduleTracker). */
export const RESCHEDULE_EVENTS_ANNOTATION = 'kubenomad.io/reschedule-events';
/** JSON: per task, the restart interval kubenomad tracks (start, failures before it), once a new one began. */
export const RESTART_WINDOWS_ANNOTATION = 'kubenomad.io/restart-windows';
/** Why kubenomad failed the allocation: a task used up its restart attempts (mode fail). */
export const RESTART_EXHAUSTED_ANNOTATION = 'kubenomad.io/restarts-exhausted';
/** The NOMAD_ALLOC_ID of the allocation this one replaces. */
export const PREVIOUS_ALLOC_ANNOTATION = 'kubenomad.io/previous-alloc';
/** The node the replaced allocation ran on. */
export const PREVIOUS_NODE_ANNOTATION = 'kubenomad.io/previous-node';
/**
 * Suggested NomadJob annotation where the controller persists `JobPlan.generations`
 * (highest generation observed per allocation slot), so a pod that vanishes is replaced under a new alloc ID.
 */
export const GENERATIONS_ANNOTATION = 'kubenomad.io/alloc-generations';

/** The scheduler name on allocation pods (kube-scheduler ignores them; the operator binds them). */
export const SCHEDULER_NAME = 'kubenomad';
