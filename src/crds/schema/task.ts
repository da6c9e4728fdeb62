/** Schema of a `task` block: one container of the allocation's pod. */
import type { Task } from '../nomadjob-types.js';
import { bool, duration, keyedList, list, obj, opaque, str, stringMap, type JSONSchemaProps } from './builders.js';
import { affinities, constraints } from './placement.js';
import { restartSchema } from './policies.js';
import { resourcesSchema } from './resources.js';
import { services } from './services.js';
import {
  artifactSchema,
  dispatchPayloadSchema,
  kubernetesSchema,
  lifecycleSchema,
  templateSchema,
  vaultSchema,
  volumeMountSchema,
} from './task-blocks.js';

/** Task and group names: Nomad forbids slashes; they also become container names, so DNS labels are safest. */
export const NAME_PATTERN = '^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$';

/** The `task` schema. */
export const taskSchema: JSONSchemaProps = obj<Task>(
  'A task: one container of the allocation\'s pod, run by a driver. HCL: task.',
  {
    name: str('Task name, unique within the group; becomes the container name. HCL: the task label.', {
      minLength: 1,
      maxLength: 63,
      pattern: NAME_PATTERN,
    }),
    driver: str('Task driver: "docker", "podman" or "containerd" (image tasks), "exec"/"raw_exec" (command tasks), or another registered driver. HCL: driver.', {
      minLength: 1,
      maxLength: 64,
    }),
    config: opaque('Driver configuration as in the jobspec (image, command, args, ports, ...), kept as written. HCL: config.'),
    user: str('User the task runs as. HCL: user.', { maxLength: 256 }),
    env: stringMap('Environment variables; values may use Nomad interpolation such as "${NOMAD_PORT_http}". HCL: env.', { maxProperties: 1024 }, 65536),
    meta: stringMap('Task metadata, merged over group and job meta and exposed as NOMAD_META_<key>. HCL: meta.'),
    resources: resourcesSchema,
    constraints: constraints('task'),
    affinities: affinities('task'),
    services: services('task'),
    templates: list('Templates rendered before the task starts. HCL: template blocks.', templateSchema, { maxItems: 32 }),
    artifacts: list('Artifacts downloaded before the task starts. HCL: artifact blocks.', artifactSchema, { maxItems: 32 }),
    lifecycle: lifecycleSchema,
    volumeMounts: list('Group volumes mounted into the task. HCL: volume_mount blocks.', volumeMountSchema, { maxItems: 8 }),
    dispatchPayload: dispatchPayloadSchema,
    vault: vaultSchema,
    restart: restartSchema,
    killTimeout: duration('Time between the kill signal and a forced kill (terminationGracePeriodSeconds). Defaults to "5s". HCL: kill_timeout.', '5s'),
    killSignal: str('Signal sent to stop the task, e.g. "SIGTERM". HCL: kill_signal.', { maxLength: 32 }),
    shutdownDelay: duration('Delay between deregistering services and sending the kill signal. HCL: shutdown_delay.'),
    leader: bool('When the leader task exits, the other tasks of the allocation are stopped; at most one per group. HCL: leader.'),
    kubernetes: kubernetesSchema,
  },
  { required: ['name', 'driver'] },
);

/** The tasks of a group, keyed by name. */
export const tasksSchema: JSONSchemaProps = keyedList('Tasks of the group, keyed by name (at least one). HCL: task blocks.', taskSchema, 'name', {
  minItems: 1,
  maxItems: 24,
});
