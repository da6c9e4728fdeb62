/** Schemas of placement blocks: constraint, affinity, spread, device, network, port, resources. */
import { attr, ignored, labelled, many, one, oneOf, type BodySchema } from './types.js';

const OPERATORS = ['=', '==', 'is', '!=', 'not', '>', '>=', '<', '<=', 'regexp', 'set_contains', 'set_contains_any', 'set_contains_all', 'version', 'semver', 'is_set', 'is_not_set', 'distinct_hosts', 'distinct_property'];

/** Shorthand attributes of constraint/affinity: `regexp = "…"` means `operator = "regexp"`, `value = "…"`. */
export const SHORTHAND_OPERATORS = ['regexp', 'version', 'semver', 'set_contains', 'set_contains_any', 'set_contains_all'] as const;

const shorthands = Object.fromEntries(SHORTHAND_OPERATORS.map((s) => [s, attr('string')]));

/** Placement schemas by name. */
export const placementSchemas: Record<string, BodySchema> = {
  constraint: {
    attrs: {
      attribute: attr('string'), operator: oneOf(...OPERATORS), value: attr('string'),
      ...shorthands, distinct_hosts: attr('bool'), distinct_property: attr('string'),
    },
    blocks: {},
  },
  affinity: {
    attrs: { attribute: attr('string'), operator: oneOf(...OPERATORS), value: attr('string'), weight: attr('int'), ...shorthands },
    blocks: {},
  },
  spread: {
    attrs: { attribute: attr('string'), weight: attr('int') },
    blocks: { target: labelled('target', 'targets', 'value') },
  },
  target: { attrs: { percent: attr('int') }, blocks: {} },
  device: {
    attrs: { count: attr('int') },
    blocks: { constraint: many('constraint', 'constraints'), affinity: many('affinity', 'affinities') },
  },
  network: {
    attrs: { mode: attr('string'), mbits: attr('int'), hostname: ignored('network hostname is not modelled'), cni: ignored('CNI arguments are not modelled') },
    blocks: {
      port: labelled('port', 'ports', 'label'),
      dns: one('dns'),
    },
  },
  port: {
    attrs: { static: attr('int'), to: attr('int'), host_network: attr('string'), ignore_collision: ignored('ignore_collision is not modelled') },
    blocks: {},
  },
  dns: { attrs: { servers: attr('strings'), searches: attr('strings'), options: attr('strings') }, blocks: {} },
  resources: {
    attrs: {
      cpu: attr('int'), cores: attr('int'), memory: attr('int'), memory_max: attr('int'), disk: attr('int'),
      iops: ignored('iops is deprecated and ignored by Nomad'), secrets: ignored('secrets memory is not modelled'),
    },
    blocks: {
      network: many('network', 'networks'),
      device: labelled('device', 'devices', 'name'),
      numa: { kind: 'block', schema: 'free', many: false, drop: 'NUMA placement is not modelled' },
    },
  },
};
