/**
 * Typed builders for OpenAPI v3 structural schemas (apiextensions.k8s.io/v1 `JSONSchemaProps`).
 *
 * Every builder takes the field's description first, so no field can be written without one.
 * `obj<T>()` is checked against the TypeScript contract type `T`: the compiler rejects a schema that
 * misses a field of `T`, names a field `T` does not have, or requires a field that `T` marks optional.
 */

/** A CEL rule (`x-kubernetes-validations` entry). */
export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';
  fieldPath?: string;
}

/** The subset of apiextensions.k8s.io/v1 JSONSchemaProps that kubenomad's CRDs use. */
export interface JSONSchemaProps {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  format?: string;
  properties?: Record<string, JSONSchemaProps>;
  required?: string[];
  additionalProperties?: JSONSchemaProps;
  items?: JSONSchemaProps;
  enum?: Array<string | number>;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-validations'?: ValidationRule[];
}

/** Extra keywords a builder accepts besides its description. */
export type Extra = Omit<JSONSchemaProps, 'type' | 'description' | 'properties' | 'items'>;

/** One schema per field of `T` (all fields, optional ones included, and nothing else). */
export type Props<T> = { [K in keyof T]-?: JSONSchemaProps };

/** The keys of `T` that are not optional. */
export type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

/** Options of `obj()`: the required fields (must be non-optional in `T`) and CEL rules. */
export interface ObjOptions<T> {
  required?: Array<RequiredKeys<T> & string>;
  rules?: ValidationRule[];
}

/** A Nomad duration string as Go's time.ParseDuration reads it ("30s", "1h30m", "0"; a sign as the HCL translator allows). */
export const DURATION_PATTERN = '^-?(0|([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$';

/** Default bound of a string without an explicit maxLength (keeps CEL cost estimates small). */
export const DEFAULT_MAX_LENGTH = 1024;

/** Default bound of a list without an explicit maxItems. */
export const DEFAULT_MAX_ITEMS = 64;

/** A string field, bounded by `DEFAULT_MAX_LENGTH` unless `extra.maxLength` says otherwise. */
export function str(description: string, extra: Extra = {}): JSONSchemaProps {
  return { type: 'string', description, maxLength: DEFAULT_MAX_LENGTH, ...extra };
}

/** A string field restricted to `values` (optionally with a default). */
export function oneOf(description: string, values: readonly string[], defaultValue?: string): JSONSchemaProps {
  const maxLength = Math.max(...values.map((v) => v.length));
  const schema: JSONSchemaProps = { type: 'string', description, enum: [...values], maxLength };
  if (defaultValue !== undefined) schema.default = defaultValue;
  return schema;
}

/** A Nomad duration string field (optionally with a default). */
export function duration(description: string, defaultValue?: string): JSONSchemaProps {
  const schema: JSONSchemaProps = { type: 'string', description, pattern: DURATION_PATTERN, maxLength: 64 };
  if (defaultValue !== undefined) schema.default = defaultValue;
  return schema;
}

/** An integer field (int64 unless `extra.format` says otherwise). */
export function int(description: string, extra: Extra = {}): JSONSchemaProps {
  return { type: 'integer', format: 'int64', description, ...extra };
}

/** A boolean field (optionally with a default). */
export function bool(description: string, defaultValue?: boolean): JSONSchemaProps {
  const schema: JSONSchemaProps = { type: 'boolean', description };
  if (defaultValue !== undefined) schema.default = defaultValue;
  return schema;
}

/** An object field whose properties mirror the contract type `T` exactly. */
export function obj<T>(description: string, properties: Props<T>, options: ObjOptions<T> = {}): JSONSchemaProps {
  const schema: JSONSchemaProps = { type: 'object', description, properties: properties as Record<string, JSONSchemaProps> };
  if (options.required !== undefined && options.required.length > 0) schema.required = [...options.required];
  if (options.rules !== undefined && options.rules.length > 0) schema['x-kubernetes-validations'] = options.rules;
  return schema;
}

/** An atomic list (replaced as a whole by server-side apply), bounded by `DEFAULT_MAX_ITEMS` by default. */
export function list(description: string, items: JSONSchemaProps, extra: Extra = {}): JSONSchemaProps {
  return { type: 'array', description, items, maxItems: DEFAULT_MAX_ITEMS, 'x-kubernetes-list-type': 'atomic', ...extra };
}

/** A list of strings treated as a set (duplicates rejected by the apiserver). */
export function stringSet(description: string, itemMaxLength = 256, extra: Extra = {}): JSONSchemaProps {
  return list(description, { type: 'string', maxLength: itemMaxLength }, { 'x-kubernetes-list-type': 'set', ...extra });
}

/** A list of objects keyed by `key` (unique; merged by key under server-side apply). */
export function keyedList(description: string, items: JSONSchemaProps, key: string, extra: Extra = {}): JSONSchemaProps {
  return list(description, items, { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': [key], ...extra });
}

/** A map of string to string, bounded in size and value length. */
export function stringMap(description: string, extra: Extra = {}, valueMaxLength = 4096): JSONSchemaProps {
  return {
    type: 'object',
    description,
    additionalProperties: { type: 'string', maxLength: valueMaxLength },
    maxProperties: 128,
    ...extra,
  };
}

/** A map of string to a value schema. */
export function mapOf(description: string, value: JSONSchemaProps, extra: Extra = {}): JSONSchemaProps {
  return { type: 'object', description, additionalProperties: value, ...extra };
}

/** An opaque object kept as written (driver config, Kubernetes pod fields). */
export function opaque(description: string): JSONSchemaProps {
  return { type: 'object', description, 'x-kubernetes-preserve-unknown-fields': true };
}

/** A copy of `schema` without its CEL rules (for deeply nested copies whose rules would cost too much). */
export function withoutRules(schema: JSONSchemaProps): JSONSchemaProps {
  const { 'x-kubernetes-validations': _rules, ...rest } = schema;
  return rest;
}

/** A CEL rule with a fixed message. */
export function rule(celRule: string, message: string, fieldPath?: string): ValidationRule {
  return fieldPath === undefined ? { rule: celRule, message } : { rule: celRule, message, fieldPath };
}
