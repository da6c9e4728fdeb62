/** Schemas of `service` blocks and their health `check` blocks. */
import type { CheckRestart, Service, ServiceCheck } from '../nomadjob-types.js';
import { bool, duration, int, list, mapOf, obj, oneOf, str, stringMap, stringSet, type JSONSchemaProps } from './builders.js';

const checkRestartSchema = obj<CheckRestart>(
  'Restart the task when its checks keep failing (a Kubernetes liveness probe). HCL: check_restart.',
  {
    limit: int('Consecutive failed checks before the task restarts (0: never). HCL: limit.', { format: 'int32', minimum: 0, maximum: 1000 }),
    grace: duration('Time after the task starts before checks count. HCL: grace.'),
    ignoreWarnings: bool('Count warning checks as passing. HCL: ignore_warnings.'),
  },
);

const checkSchema = obj<ServiceCheck>(
  'A health check of the service; with update.healthCheck "checks" it gates deployments. HCL: check.',
  {
    name: str('Check name. HCL: name.', { maxLength: 256 }),
    type: str('Check type: "http", "tcp", "grpc" or "script". HCL: type.', { minLength: 1, maxLength: 32 }),
    port: str('Port label (or number) the check targets; defaults to the service port. HCL: port.', { maxLength: 63 }),
    path: str('HTTP path, for http checks. HCL: path.', { maxLength: 2048 }),
    protocol: str('"http" or "https", for http checks. HCL: protocol.', { maxLength: 16 }),
    method: str('HTTP method, for http checks. HCL: method.', { maxLength: 16 }),
    command: str('Command to run, for script checks. HCL: command.', { maxLength: 4096 }),
    args: list('Arguments of command. HCL: args.', { type: 'string', maxLength: 4096 }),
    interval: duration('Time between checks. HCL: interval.'),
    timeout: duration('Time a check may take. HCL: timeout.'),
    initialStatus: str('Status before the first run: "passing", "warning" or "critical". HCL: initial_status.', { maxLength: 16 }),
    header: mapOf('HTTP headers, name → values. HCL: header.', list('Header values.', { type: 'string', maxLength: 4096 }, { maxItems: 16 }), {
      maxProperties: 64,
    }),
    grpcService: str('gRPC service name to check, for grpc checks. HCL: grpc_service.', { maxLength: 256 }),
    checkRestart: checkRestartSchema,
  },
  { required: ['type'] },
);

/** A `service` block. */
export const serviceSchema: JSONSchemaProps = obj<Service>(
  'A service: a Kubernetes Service named after it selects the group\'s allocations; its checks become readiness probes (check_restart: liveness). HCL: service.',
  {
    name: str('Service name; may use interpolation such as "${JOB}-${TASKGROUP}". HCL: name.', { maxLength: 256 }),
    port: str('Port label (or number) the service advertises. HCL: port.', { maxLength: 63 }),
    tags: stringSet('Tags. HCL: tags.', 256),
    canaryTags: stringSet('Tags while the allocation is an unpromoted canary. HCL: canary_tags.', 256),
    provider: oneOf('Service catalogue: "consul" or "nomad". HCL: provider.', ['consul', 'nomad']),
    addressMode: str('Which address to advertise: "auto", "host", "driver" or "alloc". HCL: address_mode.', { maxLength: 16 }),
    checks: list('Health checks. HCL: check blocks.', checkSchema, { maxItems: 16 }),
    meta: stringMap('Service metadata. HCL: meta.'),
    checkRestart: checkRestartSchema,
  },
);

/** A list of `service` blocks. */
export function services(level: string): JSONSchemaProps {
  return list(`Services registered for this ${level}. HCL: service blocks.`, serviceSchema, { maxItems: 32 });
}
