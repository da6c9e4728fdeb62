/** Schemas of how batch jobs are launched: the `periodic` and `parameterized` blocks. */
import type { ParameterizedConfig, PeriodicConfig } from '../nomadjob-types.js';
import { bool, obj, oneOf, rule, str, stringSet, type JSONSchemaProps } from './builders.js';

/** A cron expression field (shared with the Periodic CRD). */
export const cronField: JSONSchemaProps = str(
  'Cron expression in Nomad\'s dialect: 5 fields (min hour dom month dow), 6 (… year) or 7 (sec … year), or @hourly/@daily/@weekly/@monthly/@yearly. ' +
    'Mutually exclusive with crons. HCL: cron.',
  { minLength: 1, maxLength: 256 },
);

/** A list of cron expressions (shared with the Periodic CRD). */
export const cronsField: JSONSchemaProps = {
  ...stringSet('Cron expressions; the next launch is the earliest match of any. Mutually exclusive with cron. HCL: crons.', 256, { maxItems: 16 }),
  minItems: 1,
};

/** The time zone field (shared with the Periodic CRD). */
export const timeZoneField = (defaultValue?: string): JSONSchemaProps => {
  const schema = str('IANA time zone the cron expressions are evaluated in, e.g. "Europe/Berlin". Defaults to "UTC". HCL: time_zone.', { maxLength: 64 });
  if (defaultValue !== undefined) schema.default = defaultValue;
  return schema;
};

/** "exactly one of cron or crons" as a CEL rule. */
export const cronXorCrons = rule('has(self.cron) != has(self.crons)', 'set exactly one of cron or crons');

/** The `periodic` block. */
export const periodicSchema: JSONSchemaProps = obj<PeriodicConfig>(
  'Makes the job a template launched on a cron schedule (batch and sysbatch jobs only); each launch creates a child job. HCL: periodic.',
  {
    cron: cronField,
    crons: cronsField,
    timeZone: timeZoneField('UTC'),
    prohibitOverlap: bool('Skip a launch while a previous child is still running. Defaults to false. HCL: prohibit_overlap.', false),
    enabled: bool('Launch children; false keeps the job but stops launching. Defaults to true. HCL: enabled.', true),
  },
  { rules: [{ ...cronXorCrons, message: 'periodic: set exactly one of cron or crons' }] },
);

/** The `parameterized` block. */
export const parameterizedSchema: JSONSchemaProps = obj<ParameterizedConfig>(
  'Makes the job a template launched by Dispatch objects (batch and sysbatch jobs only). HCL: parameterized.',
  {
    payload: oneOf('Whether a dispatch must, may or must not carry a payload. Defaults to "optional". HCL: payload.', ['optional', 'required', 'forbidden'], 'optional'),
    metaRequired: stringSet('Meta keys every dispatch must set. HCL: meta_required.', 128, { maxItems: 64 }),
    metaOptional: stringSet('Meta keys a dispatch may set (unset ones are exposed as ""). HCL: meta_optional.', 128, { maxItems: 64 }),
  },
  {
    rules: [
      rule(
        '!has(self.metaRequired) || !has(self.metaOptional) || self.metaRequired.all(k, !(k in self.metaOptional))',
        'parameterized: a meta key cannot be both in metaRequired and metaOptional',
      ),
    ],
  },
);
