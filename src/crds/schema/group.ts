/** Schema of a `group` block: `count` allocations (pods) of the same set of tasks. */
import type { TaskGroup } from '../nomadjob-types.js';
import { duration, int, keyedList, obj, rule, str, stringMap, type JSONSchemaProps } from './builders.js';
import { affinities, constraints, spreads } from './placement.js';
import { disconnectSchema, ephemeralDiskSchema, migrateSchema, rescheduleSchema, restartSchema, updateSchema } from './policies.js';
import { groupNetworksSchema } from './resources.js';
import { services } from './services.js';
import { NAME_PATTERN, tasksSchema } from './task.js';
import { kubernetesSchema, volumeSchema } from './task-blocks.js';

/** Most allocations one group may ask for. */
export const MAX_GROUP_COUNT = 100_000;

const groupRules = [
  rule('self.tasks.filter(t, has(t.leader) && t.leader).size() <= 1', 'at most one task of a group may be the leader', '.tasks'),
  rule(
    'self.tasks.all(t, !has(t.volumeMounts) || t.volumeMounts.all(m, has(self.volumes) && self.volumes.exists(v, v.name == m.volume)))',
    'every task volumeMount must name a volume declared in the group\'s volumes',
    '.tasks',
  ),
];

/** The `group` schema. */
export const groupSchema: JSONSchemaProps = obj<TaskGroup>(
  'A task group: count allocations, each a pod running all the tasks together on one node. HCL: group.',
  {
    name: str('Group name, unique within the job; allocations are named <job>.<group>[<index>]. HCL: the group label.', {
      minLength: 1,
      maxLength: 63,
      pattern: NAME_PATTERN,
    }),
    count: int('Number of allocations, at least 0 (0 stops them and keeps the group). At most 1 on system jobs. Defaults to 1. HCL: count.', {
      format: 'int32',
      minimum: 0,
      maximum: MAX_GROUP_COUNT,
      default: 1,
    }),
    tasks: tasksSchema,
    constraints: constraints('group'),
    affinities: affinities('group'),
    spreads: spreads('group'),
    networks: groupNetworksSchema,
    services: services('group'),
    volumes: keyedList('Volumes the allocation needs, keyed by name. HCL: volume blocks.', volumeSchema, 'name', { maxItems: 16 }),
    restart: restartSchema,
    reschedule: rescheduleSchema,
    update: updateSchema,
    migrate: migrateSchema,
    ephemeralDisk: ephemeralDiskSchema,
    meta: stringMap('Group metadata, merged over job meta and exposed as NOMAD_META_<key>. HCL: meta.'),
    shutdownDelay: duration('Delay between deregistering the group services and stopping the tasks. HCL: shutdown_delay.'),
    stopAfterClientDisconnect: duration('Stop allocations on a node that lost contact this long ago (ignored by Nomad >= 1.10). HCL: stop_after_client_disconnect.'),
    maxClientDisconnect: duration('Keep allocations of a disconnected node as "unknown" this long before they are lost (replacements run meanwhile; the original is kept if the node returns in time). HCL: max_client_disconnect.'),
    disconnect: disconnectSchema,
    kubernetes: kubernetesSchema,
  },
  { required: ['name', 'tasks'], rules: groupRules },
);

/** The groups of a job, keyed by name. */
export const groupsSchema: JSONSchemaProps = keyedList(
  'Task groups, keyed by name. Required unless hcl is set. HCL: group blocks.',
  groupSchema,
  'name',
  { minItems: 1, maxItems: 64 },
);
