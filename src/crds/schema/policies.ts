/**
 * Schemas of Nomad's failure and rollout policies: restart, reschedule, update, migrate, ephemeral_disk.
 *
 * restart, reschedule, update and migrate are inherited (job → group → task) and merged field by field,
 * and their Nomad defaults depend on the job type, so their fields carry no schema defaults: a default
 * here would overwrite an inherited value. The controllers apply Nomad's per-type defaults.
 */
import type { DisconnectStrategy, MigrateStrategy, ReschedulePolicy, RestartPolicy, TaskGroup, UpdateStrategy } from '../nomadjob-types.js';
import { bool, duration, int, obj, oneOf, rule, type JSONSchemaProps } from './builders.js';

/** The `restart` block. */
export const restartSchema: JSONSchemaProps = obj<RestartPolicy>(
  'Client-side restarts of failed tasks. Nomad defaults: service/system attempts 2, interval 30m, delay 15s, mode fail; ' +
    'batch/sysbatch attempts 3, interval 24h, delay 15s, mode fail. A task block is merged field by field over the group block. HCL: restart.',
  {
    attempts: int('Restarts allowed within interval (0 only with mode fail). HCL: attempts.', { format: 'int32', minimum: 0, maximum: 1000 }),
    interval: duration('Window in which attempts are counted, at least 5s. HCL: interval.'),
    delay: duration('Wait before restarting (plus up to 25% jitter). HCL: delay.'),
    mode: oneOf('What happens when attempts are exhausted: "fail" (the allocation fails and may be rescheduled) or "delay" (wait for the next interval). HCL: mode.', [
      'fail',
      'delay',
    ]),
    renderTemplates: bool('Re-render templates on restart. HCL: render_templates.'),
  },
  { rules: [rule("!has(self.attempts) || self.attempts > 0 || !has(self.mode) || self.mode == 'fail'", 'restart: attempts 0 requires mode "fail"')] },
);

/** The `reschedule` block. */
export const rescheduleSchema: JSONSchemaProps = obj<ReschedulePolicy>(
  'Server-side replacement of failed allocations on other nodes. Nomad defaults: service unlimited, delay 30s, exponential, maxDelay 1h; ' +
    'batch attempts 1, interval 24h, delay 5s, constant. Not allowed on system jobs. HCL: reschedule.',
  {
    attempts: int('Reschedules allowed within interval (with unlimited false). HCL: attempts.', { format: 'int32', minimum: 0, maximum: 1000 }),
    interval: duration('Window in which attempts are counted, at least 15s when limited. HCL: interval.'),
    delay: duration('Wait before the first reschedule, at least 5s. HCL: delay.'),
    delayFunction: oneOf('How the delay grows between reschedules. HCL: delay_function.', ['constant', 'exponential', 'fibonacci']),
    maxDelay: duration('Upper bound of the growing delay (exponential, fibonacci). HCL: max_delay.'),
    unlimited: bool('Reschedule without limit (attempts must then be 0 or unset). HCL: unlimited.'),
  },
  {
    rules: [
      rule(
        '!(has(self.unlimited) && self.unlimited && has(self.attempts) && self.attempts > 0)',
        'reschedule: unlimited and attempts > 0 are mutually exclusive',
      ),
    ],
  },
);

const healthCheck = (values: string[]): JSONSchemaProps =>
  oneOf(
    'How allocation health is judged: "checks" (task states and service checks), "task_states", or "manual" (update only). Default "checks". HCL: health_check.',
    values,
  );

/** The `update` block. */
export const updateSchema: JSONSchemaProps = obj<UpdateStrategy>(
  'Rolling updates and canaries (service and system jobs only). Service and system jobs without an update block get Nomad\'s defaults: ' +
    'maxParallel 1, healthCheck checks, minHealthyTime 10s, healthyDeadline 5m, progressDeadline 10m. The job block is merged into each group block. HCL: update.',
  {
    maxParallel: int('Allocations updated at once; 0 disables rolling updates. Default 1. HCL: max_parallel.', { format: 'int32', minimum: 0, maximum: 10000 }),
    healthCheck: healthCheck(['checks', 'task_states', 'manual']),
    minHealthyTime: duration('How long an allocation must be healthy before it counts as healthy. Default 10s. HCL: min_healthy_time.'),
    healthyDeadline: duration('Deadline for an allocation to become healthy. Default 5m. HCL: healthy_deadline.'),
    progressDeadline: duration('The deployment fails if no allocation becomes healthy within this. Default 10m. HCL: progress_deadline.'),
    autoRevert: bool('Revert to the last stable version when a deployment fails. Default false. HCL: auto_revert.'),
    autoPromote: bool('Promote canaries automatically once all are healthy (requires canary > 0). Default false. HCL: auto_promote.'),
    canary: int('Canaries placed beside the old allocations before promotion; equal to count means blue/green. Default 0. HCL: canary.', {
      format: 'int32',
      minimum: 0,
      maximum: 10000,
    }),
    stagger: duration('Deprecated delay between updates. HCL: stagger.'),
  },
  { rules: [rule('!(has(self.autoPromote) && self.autoPromote) || (has(self.canary) && self.canary > 0)', 'update: autoPromote requires canary > 0', '.autoPromote')] },
);

/** The `migrate` block. */
export const migrateSchema: JSONSchemaProps = obj<MigrateStrategy>(
  'How allocations move off a draining node (service jobs only). Nomad defaults: maxParallel 1, healthCheck checks, minHealthyTime 10s, healthyDeadline 5m. HCL: migrate.',
  {
    maxParallel: int('Allocations migrated at once. HCL: max_parallel.', { format: 'int32', minimum: 0, maximum: 10000 }),
    healthCheck: healthCheck(['checks', 'task_states']),
    minHealthyTime: duration('How long a replacement must be healthy. HCL: min_healthy_time.'),
    healthyDeadline: duration('Deadline for a replacement to become healthy. HCL: healthy_deadline.'),
  },
);

/** The group `disconnect` block (Nomad 1.8+; replaces max_client_disconnect and stop_after_client_disconnect). */
export const disconnectSchema: JSONSchemaProps = obj<DisconnectStrategy>(
  'Allocations of a node that stopped heartbeating: kept as unknown for lostAfter, replaced elsewhere meanwhile (replace, default true), and which copy stays when the node returns (reconcile, default best_score). HCL: disconnect.',
  {
    lostAfter: duration('How long allocations of a disconnected node stay unknown before they are lost (0: lost at once). HCL: lost_after.'),
    replace: bool('Replace unknown allocations on another node while their node is disconnected. HCL: replace.'),
    reconcile: oneOf('Which copy is kept when the node reconnects: best_score, keep_original, keep_replacement or longest_running. HCL: reconcile.', [
      'best_score', 'keep_original', 'keep_replacement', 'longest_running',
    ]),
    stopOnClientAfter: duration('Stop the allocations on the client after this long without contact (not modelled: the kubelet does not know). HCL: stop_on_client_after.'),
  },
);

/** The group `ephemeral_disk` block (not inherited, so its Nomad defaults are schema defaults). */
export const ephemeralDiskSchema: JSONSchemaProps = obj<NonNullable<TaskGroup['ephemeralDisk']>>(
  'Scratch disk shared by the tasks of an allocation (an emptyDir with a size limit). HCL: ephemeral_disk.',
  {
    size: int('Size in MB. Defaults to 300. HCL: size.', { minimum: 1, maximum: 100_000_000, default: 300 }),
    sticky: bool('Try to place the replacement on the same node and keep the data. Defaults to false. HCL: sticky.', false),
    migrate: bool('Copy the data to the replacement when it lands on another node. Defaults to false. HCL: migrate.', false),
  },
);
