/** Spec schemas of the Dispatch and Periodic CRDs (the two ways a batch NomadJob template is launched). */
import type { DispatchSpec } from '../dispatch-types.js';
import type { PeriodicSpec } from '../periodic-types.js';
import { bool, int, obj, str, stringMap, type JSONSchemaProps } from './builders.js';
import { cronField, cronsField, timeZoneField } from './launch.js';
import { payloadField } from './nomadjob-spec.js';

/** Dispatch meta keys (Nomad exposes them as NOMAD_META_<key>). */
export const META_KEY_PATTERN = '^[A-Za-z0-9_.-]+$';

const jobRef = (description: string): JSONSchemaProps => str(description, { minLength: 1, maxLength: 253 });

/** The Dispatch `spec` schema. */
export const dispatchSpecSchema: JSONSchemaProps = obj<DispatchSpec>(
  'One dispatch of a parameterized job (nomad job dispatch): creates a child NomadJob with this meta and payload.',
  {
    job: jobRef('Name of the parameterized NomadJob in the same namespace.'),
    meta: stringMap(
      'Dispatch meta, exposed to tasks as NOMAD_META_<key>. Keys match ^[A-Za-z0-9_.-]+$ and must be among the job\'s parameterized metaRequired/metaOptional (checked by the operator).',
      {
        maxProperties: 64,
        'x-kubernetes-validations': [
          {
            rule: `self.all(k, k.matches('${META_KEY_PATTERN}'))`,
            message: `meta keys must match ${META_KEY_PATTERN} (letters, digits, "_", "." and "-")`,
          },
        ],
      },
      65536,
    ),
    payload: payloadField('Payload, base64-encoded, at most 16 KiB decoded (Nomad\'s limit); written to the task\'s dispatchPayload.file.'),
    idempotencyToken: str('Dispatches of the same job with the same token return the existing child instead of creating another.', { maxLength: 256 }),
    idPrefixTemplate: str('Prefix for the child\'s Nomad ID: "<job>/dispatch-<prefix>-<unix>-<8 hex>" (nomad job dispatch -id-prefix-template).', {
      maxLength: 128,
    }),
  },
  { required: ['job'] },
);

/** The Periodic `spec` schema. */
export const periodicSpecSchema: JSONSchemaProps = obj<PeriodicSpec>(
  'The cron schedule of a periodic batch or sysbatch NomadJob and its launch history. Fields left unset come from the job\'s periodic block.',
  {
    job: jobRef('Name of the batch or sysbatch NomadJob in the same namespace that is the launch template.'),
    cron: cronField,
    crons: cronsField,
    timeZone: timeZoneField(),
    prohibitOverlap: bool('Skip a launch while a previous child is still running. HCL: prohibit_overlap.'),
    enabled: bool('Launch children; false pauses the schedule. HCL: enabled.'),
    historyLimit: int('How many finished children to keep, newest first; older ones are deleted. The operator defaults it when unset.', {
      format: 'int32',
      minimum: 0,
      maximum: 1000,
    }),
  },
  {
    required: ['job'],
    rules: [{ rule: '!(has(self.cron) && has(self.crons))', message: 'set cron or crons, not both' }],
  },
);
