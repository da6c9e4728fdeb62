/**
 * The CRD's schema defaults, applied the way the apiserver's structural defaulting does (a property with a
 * `default` that the object lacks gets it; recursion into present objects, array items and map values). Applying
 * them at translation makes a translated job equal to the stored one, so its version hash, `kubenomad plan` and
 * the YAML form of the same job agree.
 */
import type { JSONSchemaProps } from '../../crds/index.js';
import type { NomadJobSpec } from '../../crds/nomadjob-types.js';
import { nomadJobSpecSchema } from '../../crds/schema/nomadjob-spec.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Fills schema defaults into `value` in place. */
export function applySchemaDefaults(schema: JSONSchemaProps, value: unknown): void {
  if (Array.isArray(value)) {
    const items = schema.items;
    if (items) value.forEach((item) => applySchemaDefaults(items, item));
  } else if (isObject(value)) {
    objectDefaults(schema, value);
  }
}

function objectDefaults(schema: JSONSchemaProps, value: Record<string, unknown>): void {
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    if (value[key] === undefined && prop.default !== undefined) value[key] = structuredClone(prop.default);
    if (value[key] !== undefined) applySchemaDefaults(prop, value[key]);
  }
  const extra = schema.additionalProperties;
  if (extra && typeof extra === 'object') for (const v of Object.values(value)) applySchemaDefaults(extra, v);
}

/** Applies the NomadJob spec schema's defaults to a translated spec. */
export function applyCrdDefaults(spec: NomadJobSpec): void {
  applySchemaDefaults(nomadJobSpecSchema, spec);
}
