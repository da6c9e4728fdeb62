/** Schema of the NomadJob spec: one Nomad job, with the cross-field rules Nomad's Job.Validate enforces. */
import type { NomadJobSpec } from '../nomadjob-types.js';
import { bool, int, list, obj, oneOf, rule, str, stringMap, type JSONSchemaProps, type ValidationRule } from './builders.js';
import { groupsSchema } from './group.js';
import { parameterizedSchema, periodicSchema } from './launch.js';
import { affinities, constraints, spreads } from './placement.js';
import { migrateSchema, rescheduleSchema, updateSchema } from './policies.js';

/** Largest raw HCL jobspec accepted in spec.hcl: 1 MiB. */
export const HCL_MAX_LENGTH = 1024 * 1024;

/** Largest dispatch payload, decoded (Nomad's DispatchPayloadSizeLimit). */
export const PAYLOAD_MAX_BYTES = 16 * 1024;

/** Length of PAYLOAD_MAX_BYTES once base64-encoded (with padding): 4 * ceil(16384 / 3) = 21848. */
export const PAYLOAD_MAX_BASE64_LENGTH = 4 * Math.ceil(PAYLOAD_MAX_BYTES / 3);

/** The job types, in Nomad's order. */
export const JOB_TYPES = ['service', 'batch', 'system', 'sysbatch'] as const;

/** A base64 payload field of at most 16 KiB decoded (shared with the Dispatch CRD). */
export const payloadField = (description: string): JSONSchemaProps =>
  str(description, { format: 'byte', maxLength: PAYLOAD_MAX_BASE64_LENGTH });

const launchRules: ValidationRule[] = [
  {
    rule: "!has(self.periodic) || self.type in ['batch', 'sysbatch']",
    messageExpression: "'periodic is only allowed on batch and sysbatch jobs, but spec.type is ' + self.type",
    fieldPath: '.periodic',
  },
  {
    rule: "!has(self.parameterized) || self.type in ['batch', 'sysbatch']",
    messageExpression: "'parameterized is only allowed on batch and sysbatch jobs, but spec.type is ' + self.type",
    fieldPath: '.parameterized',
  },
];

const systemRules: ValidationRule[] = [
  rule(
    "self.type != 'system' || !has(self.groups) || self.groups.all(g, !has(g.count) || g.count <= 1)",
    'system jobs run one allocation per eligible node: every group count must be 0 or 1',
    '.groups',
  ),
  rule("self.type != 'system' || !has(self.affinities)", 'system jobs may not have affinities (spec.affinities)', '.affinities'),
  rule("self.type != 'system' || !has(self.spreads)", 'system jobs may not have spreads (spec.spreads)', '.spreads'),
  rule(
    "self.type != 'system' || !has(self.groups) || self.groups.all(g, !has(g.affinities) && !has(g.spreads) && g.tasks.all(t, !has(t.affinities)))",
    'system jobs may not have affinities or spreads in groups or tasks (spec.groups[].affinities, .spreads, .tasks[].affinities)',
    '.groups',
  ),
  rule(
    "self.type != 'system' || (!has(self.reschedule) && (!has(self.groups) || self.groups.all(g, !has(g.reschedule))))",
    'system jobs may not have a reschedule policy (spec.reschedule or spec.groups[].reschedule)',
  ),
];

const rolloutRules: ValidationRule[] = [
  {
    rule: "self.type in ['service', 'system'] || (!has(self.update) && (!has(self.groups) || self.groups.all(g, !has(g.update))))",
    messageExpression: "'update is only allowed on service and system jobs, but spec.type is ' + self.type + ' (spec.update or spec.groups[].update)'",
  },
  {
    rule: "self.type == 'service' || (!has(self.migrate) && (!has(self.groups) || self.groups.all(g, !has(g.migrate))))",
    messageExpression: "'migrate is only allowed on service jobs, but spec.type is ' + self.type + ' (spec.migrate or spec.groups[].migrate)'",
  },
];

const specRules: ValidationRule[] = [
  rule('has(self.hcl) || has(self.groups)', 'spec.groups is required (at least one group) unless spec.hcl carries the jobspec', '.groups'),
  ...launchRules,
  ...systemRules,
  ...rolloutRules,
];

/** The NomadJob `spec` schema. */
export const nomadJobSpecSchema: JSONSchemaProps = obj<NomadJobSpec>(
  'One Nomad job: the jobspec with HCL attributes in camelCase and labelled blocks as lists keyed by name. ' +
    'Either write the structured fields (groups, ...) or put a whole HCL jobspec in hcl.',
  {
    hcl: str('A raw HCL jobspec (at most 1 MiB). The admission webhook translates it and fills the structured fields; errors are reported with line and column.', {
      maxLength: HCL_MAX_LENGTH,
    }),
    hclVariables: stringMap('Values of the HCL variable blocks, used with hcl (like nomad job run -var).', { maxProperties: 256 }, 65536),
    id: str('Nomad job ID; defaults to metadata.name. Children of periodic and parameterized jobs have IDs like "<parent>/periodic-<unix>". HCL: the job label.', {
      maxLength: 512,
    }),
    name: str('Display name; defaults to the job ID. HCL: name.', { maxLength: 512 }),
    type: oneOf('Scheduler: "service" (long-running), "batch" (run to completion), "system" (one per node), "sysbatch" (run to completion on every node). Defaults to "service". HCL: type.', JOB_TYPES, 'service'),
    priority: int('Scheduling priority, 1 to 100 (Nomad\'s default range); higher-priority jobs may preempt lower ones. Defaults to 50. HCL: priority.', {
      format: 'int32',
      minimum: 1,
      maximum: 100,
      default: 50,
    }),
    region: str('Nomad region. Defaults to "global". HCL: region.', { maxLength: 128, default: 'global' }),
    namespace: str('Nomad namespace (distinct from the Kubernetes namespace, which holds the object). Defaults to "default". HCL: namespace.', {
      maxLength: 128,
      default: 'default',
    }),
    datacenters: list('Datacenters (node label kubenomad.io/datacenter) the job may run in; globs allowed. Defaults to ["*"] (all, as Nomad >= 1.5). HCL: datacenters.', {
      type: 'string',
      minLength: 1,
      maxLength: 128,
    }, { default: ['*'] }),
    nodePool: str('Node pool (node label kubenomad.io/node-pool) the job runs in; "all" means every pool. Defaults to "default". HCL: node_pool.', {
      maxLength: 128,
      default: 'default',
    }),
    allAtOnce: bool('Place all allocations in one scheduling pass or none. HCL: all_at_once.'),
    schedulerAlgorithm: oneOf('Placement algorithm for this job ("binpack" or "spread"); the cluster default otherwise. Not part of HCL.', ['binpack', 'spread']),
    meta: stringMap('Job metadata, exposed to tasks as NOMAD_META_<key>. HCL: meta.'),
    constraints: constraints('job'),
    affinities: affinities('job'),
    spreads: spreads('job'),
    groups: groupsSchema,
    update: updateSchema,
    migrate: migrateSchema,
    reschedule: rescheduleSchema,
    periodic: periodicSchema,
    parameterized: parameterizedSchema,
    payload: payloadField('Set on children launched by a Dispatch: the dispatch payload, base64-encoded (at most 16 KiB decoded).'),
    stop: bool('Stop the job: allocations are stopped, the object is kept (nomad job stop without -purge). HCL: none (CLI).'),
  },
  { rules: specRules },
);
