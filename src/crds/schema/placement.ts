/** Schemas of Nomad's placement blocks: constraint, affinity, spread and device requests. */
import type { Affinity, Constraint, ConstraintOperator, DeviceRequest, Spread, SpreadTarget } from '../nomadjob-types.js';
import { int, keyedList, list, obj, oneOf, rule, str, withoutRules, type JSONSchemaProps } from './builders.js';

/** Every constraint operator Nomad accepts, in the order of Nomad's docs. */
export const CONSTRAINT_OPERATORS: readonly ConstraintOperator[] = [
  '=', '==', 'is', '!=', 'not', '>', '>=', '<', '<=',
  'regexp', 'set_contains', 'set_contains_any', 'set_contains_all',
  'version', 'semver', 'is_set', 'is_not_set', 'distinct_hosts', 'distinct_property',
];

const attribute = str(
  'Left-hand side: a node target such as "${attr.kernel.name}", "${node.datacenter}", "${node.class}" or ' +
    '"${meta.rack}" (resolved from the node labels kubenomad.io/*, attr.kubenomad.io/*, meta.kubenomad.io/*), or a literal. ' +
    'HCL: attribute.',
  { maxLength: 512 },
);
const operator = oneOf(
  'Comparison operator. "=", "==" and "is" test equality; "!=" and "not" are true when the attribute is missing; ' +
    '"<", "<=", ">", ">=" compare numbers when both sides parse, else strings; "regexp" is an unanchored RE2 match; ' +
    'set_contains* split both sides on ","; version/semver compare versions; is_set/is_not_set take no value; ' +
    'distinct_hosts and distinct_property limit co-location (job and group level only). Defaults to "=". HCL: operator.',
  CONSTRAINT_OPERATORS,
  '=',
);
const value = str('Right-hand side: a literal or a node target. For distinct_property, the allowed count per value (default 1). HCL: value.', {
  maxLength: 512,
});

const constraintRules = [
  rule(
    "has(self.attribute) || (has(self.operator) && self.operator == 'distinct_hosts')",
    'a constraint needs an attribute unless its operator is distinct_hosts',
  ),
  rule(
    "!has(self.operator) || !(self.operator in ['is_set', 'is_not_set']) || !has(self.value)",
    'operators is_set and is_not_set take no value',
    '.value',
  ),
];

/** A `constraint` block (a hard placement filter). */
export const constraintSchema: JSONSchemaProps = obj<Constraint>(
  'A hard placement filter: nodes for which "attribute operator value" is false are not eligible. HCL: constraint.',
  { attribute, operator, value },
  { rules: constraintRules },
);

/** A list of `constraint` blocks. */
export function constraints(level: 'job' | 'group' | 'task'): JSONSchemaProps {
  const schema = list(`Hard placement filters applying to every allocation of this ${level}. HCL: constraint blocks.`, constraintSchema, {
    maxItems: 32,
  });
  if (level !== 'task') return schema;
  const distinct = "self.all(c, !has(c.operator) || !(c.operator in ['distinct_hosts', 'distinct_property']))";
  return { ...schema, 'x-kubernetes-validations': [rule(distinct, 'distinct_hosts and distinct_property constraints are only allowed at job and group level, not in a task')] };
}

/** An `affinity` block (a soft placement preference). */
export const affinitySchema: JSONSchemaProps = obj<Affinity>(
  'A soft placement preference: matching nodes score higher (positive weight) or lower (negative weight). HCL: affinity.',
  {
    attribute,
    operator: { ...operator, description: operator.description?.replace('distinct_hosts and distinct_property', 'distinct_hosts and distinct_property (not valid in affinities)') },
    value,
    weight: int('Strength of the preference, -100 to 100 and not 0; negative values express anti-affinity. Defaults to 50. HCL: weight.', {
      format: 'int32',
      minimum: -100,
      maximum: 100,
      default: 50,
    }),
  },
  {
    rules: [
      rule('!has(self.weight) || self.weight != 0', 'affinity weight must not be 0 (use -100..-1 or 1..100)', '.weight'),
      rule('has(self.attribute)', 'an affinity needs an attribute'),
      rule(
        "!has(self.operator) || !(self.operator in ['distinct_hosts', 'distinct_property'])",
        'operators distinct_hosts and distinct_property are not valid in an affinity',
        '.operator',
      ),
    ],
  },
);

/** A list of `affinity` blocks. */
export function affinities(level: string): JSONSchemaProps {
  return list(
    `Soft placement preferences of this ${level}; their scores are averaged with the other scorers. Not allowed on system jobs. HCL: affinity blocks.`,
    affinitySchema,
    { maxItems: 32 },
  );
}

const spreadTargetSchema = obj<SpreadTarget>(
  'A desired share of allocations for one value of the spread attribute. HCL: target.',
  {
    value: str('A value of the spread attribute, e.g. "dc1". HCL: the target label.', { maxLength: 256, minLength: 1 }),
    percent: int('Percentage of the allocations that should get this value, 0 to 100; targets of a spread should sum to at most 100. HCL: percent.', {
      format: 'int32',
      minimum: 0,
      maximum: 100,
    }),
  },
  { required: ['value'] },
);

/** A `spread` block. */
export const spreadSchema: JSONSchemaProps = obj<Spread>(
  'Spreads allocations over the values of a node attribute (e.g. datacenters or racks). HCL: spread.',
  {
    attribute: { ...attribute, minLength: 1 },
    weight: int('Relative importance of this spread among the scorers, 1 to 100. Defaults to 50. HCL: weight.', {
      format: 'int32',
      minimum: 1,
      maximum: 100,
      default: 50,
    }),
    targets: keyedList(
      'Desired percentages per attribute value; values not listed share the remainder. Without targets allocations are spread evenly. HCL: target blocks.',
      spreadTargetSchema,
      'value',
      { maxItems: 32 },
    ),
  },
  { required: ['attribute'] },
);

/** A list of `spread` blocks. */
export function spreads(level: string): JSONSchemaProps {
  return list(`Spread preferences of this ${level}. Not allowed on system jobs. HCL: spread blocks.`, spreadSchema, { maxItems: 16 });
}

/** A `device` request inside `resources`. */
export const deviceSchema: JSONSchemaProps = obj<DeviceRequest>(
  'A request for devices such as GPUs, by "<vendor>/<type>/<model>", "<vendor>/<type>" or "<type>". HCL: device.',
  {
    name: str('Device name, e.g. "nvidia/gpu" or "gpu" (mapped to an extended resource such as nvidia.com/gpu). HCL: the device label.', {
      maxLength: 256,
      minLength: 1,
    }),
    count: int('Number of device instances. Defaults to 1. HCL: count.', { format: 'int32', minimum: 0, maximum: 1024, default: 1 }),
    // Device-level copies carry no CEL rules: nested this deep they would exceed the CRD's CEL cost budget.
    constraints: list('Constraints on device attributes, e.g. "${device.attr.memory}" >= "4 GiB". HCL: constraint blocks.', withoutRules(constraintSchema), {
      maxItems: 8,
    }),
    affinities: list('Preferences among device attributes. HCL: affinity blocks.', withoutRules(affinitySchema), { maxItems: 8 }),
  },
  { required: ['name'] },
);
