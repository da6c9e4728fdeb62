/** Schemas of a task's `resources` block and of `network` blocks with their ports. */
import type { Network, Port, Resources } from '../nomadjob-types.js';
import { int, keyedList, list, obj, rule, str, stringSet, withoutRules, type JSONSchemaProps } from './builders.js';
import { deviceSchema } from './placement.js';

/** Port labels become environment variable names (NOMAD_PORT_<label>), so they are identifiers. */
export const PORT_LABEL_PATTERN = '^[A-Za-z0-9_-]+$';

const portSchema = obj<Port>(
  'A port of the allocation. Without static, a dynamic host port is picked. Exposed to tasks as NOMAD_PORT_<label>. HCL: port.',
  {
    label: str('Port label, unique within the group, referenced by services and driver config. HCL: the port label.', {
      minLength: 1,
      maxLength: 63,
      pattern: PORT_LABEL_PATTERN,
    }),
    static: int('Fixed host port, 1 to 65535 (reserved on the node; two allocations with the same static port cannot share a node). HCL: static.', {
      format: 'int32',
      minimum: 1,
      maximum: 65535,
    }),
    to: int('Port inside the allocation the host port maps to (container port); -1 maps to the same value as the host port. HCL: to.', {
      format: 'int32',
      minimum: -1,
      maximum: 65535,
    }),
    hostNetwork: str('Name of the host network to take the port from. HCL: host_network.', { maxLength: 128 }),
  },
  { required: ['label'] },
);

/** A `network` block with its ports. */
export const networkSchema: JSONSchemaProps = obj<Network>(
  'Network requirements of the allocation: mode, bandwidth and ports. HCL: network.',
  {
    mode: str('Network mode: "host" (default), "bridge", "none" or "cni/<name>". HCL: mode.', { maxLength: 128 }),
    mbits: int('Bandwidth in Mbit/s (deprecated in Nomad; recorded only). HCL: mbits.', { format: 'int32', minimum: 0 }),
    ports: keyedList('Ports of the allocation, keyed by label (labels must be unique). HCL: port blocks.', portSchema, 'label', {
      maxItems: 64,
      'x-kubernetes-validations': [
        rule(
          'self.all(p, !has(p.static) || self.exists_one(q, has(q.static) && q.static == p.static))',
          'static ports must be unique within a network: two port labels reserve the same static port',
        ),
      ],
    }),
    dns: obj<NonNullable<Network['dns']>>(
      'DNS configuration of the allocation (bridge mode). HCL: dns.',
      {
        servers: stringSet('DNS server IP addresses. HCL: servers.', 64, { maxItems: 8 }),
        searches: stringSet('DNS search domains. HCL: searches.', 256, { maxItems: 8 }),
        options: stringSet('resolv.conf options, e.g. "ndots:2". HCL: options.', 64, { maxItems: 16 }),
      },
    ),
  },
);

/** The legacy task-level network: without the static-port rule, which would cost too much nested in tasks. */
const legacyNetworkSchema: JSONSchemaProps = {
  ...networkSchema,
  properties: { ...networkSchema.properties, ports: withoutRules(networkSchema.properties?.['ports'] ?? {}) },
};

/** The group-level `network` blocks (Nomad allows one). */
export const groupNetworksSchema: JSONSchemaProps = list(
  'The allocation network; Nomad allows one network block per group. HCL: network.',
  networkSchema,
  { maxItems: 1 },
);

/** A task's `resources` block. */
export const resourcesSchema: JSONSchemaProps = obj<Resources>(
  'Compute resources of the task, in Nomad units (cpu in MHz, memory and disk in MB). ' +
    'When neither cpu nor cores is set Nomad reserves 100 MHz. HCL: resources.',
  {
    cpu: int(
      'CPU reservation in MHz, at least 1 (the pod gets cpu requests of cpu/cpu.frequency cores, see attr.kubenomad.io/cpu.frequency). ' +
        'Mutually exclusive with cores. Nomad defaults to 100 when neither is set; not defaulted here because it would conflict with cores. HCL: cpu.',
      { minimum: 1, maximum: 10_000_000 },
    ),
    cores: int('Number of dedicated CPU cores, at least 1. Mutually exclusive with cpu. HCL: cores.', { format: 'int32', minimum: 1, maximum: 4096 }),
    memory: int('Memory reservation in MB, at least 10. Defaults to 300 (Nomad\'s default). HCL: memory.', {
      minimum: 10,
      maximum: 100_000_000,
      default: 300,
    }),
    memoryMax: int(
      'Memory limit in MB the task may burst to (memory oversubscription); at least memory. Without it the limit equals memory. HCL: memory_max.',
      { minimum: 10, maximum: 100_000_000 },
    ),
    disk: int('Disk in MB (deprecated at task level; use the group\'s ephemeralDisk). HCL: disk.', { minimum: 0, maximum: 100_000_000 }),
    networks: list('Legacy task-level networks (Nomad < 0.12); prefer the group network. HCL: network.', legacyNetworkSchema, { maxItems: 1 }),
    devices: keyedList('Device requests such as GPUs, keyed by name. HCL: device blocks.', deviceSchema, 'name', { maxItems: 8 }),
  },
  {
    rules: [
      rule('!(has(self.cpu) && has(self.cores))', 'resources: set either cpu (MHz) or cores, not both'),
      rule(
        '!has(self.memoryMax) || !has(self.memory) || self.memoryMax >= self.memory',
        'resources: memoryMax (MB) must be greater than or equal to memory (MB)',
        '.memoryMax',
      ),
    ],
  },
);
