/**
 * Offline checks of CRD schemas: structural-ness, descriptions, and a small validator of values against
 * the OpenAPI keywords kubenomad uses (not CEL). The real apiserver stays the authority; these catch
 * mistakes in milliseconds.
 */
import type { JSONSchemaProps } from './builders.js';

/** Visits every schema node with its path (".spec.groups[].count"). */
export function walkSchema(schema: JSONSchemaProps, visit: (node: JSONSchemaProps, path: string) => void, path = ''): void {
  visit(schema, path);
  for (const [name, child] of Object.entries(schema.properties ?? {})) walkSchema(child, visit, `${path}.${name}`);
  if (schema.items) walkSchema(schema.items, visit, `${path}[]`);
  if (schema.additionalProperties) walkSchema(schema.additionalProperties, visit, `${path}{}`);
}

const isOpaque = (node: JSONSchemaProps): boolean =>
  node['x-kubernetes-preserve-unknown-fields'] === true || node['x-kubernetes-int-or-string'] === true;

/** Structural rules of one node: [violated?, problem]. */
const NODE_RULES: Array<[(node: JSONSchemaProps) => boolean, string]> = [
  [(n) => n.type === undefined && !isOpaque(n), 'no type'],
  [(n) => n.properties !== undefined && n.additionalProperties !== undefined, 'both properties and additionalProperties'],
  [(n) => n.type === 'array' && n.items === undefined, 'array without items'],
  [(n) => (n.properties !== undefined || n.additionalProperties !== undefined) && n.type !== 'object', 'properties on a non-object'],
];

function nodeProblems(node: JSONSchemaProps, path: string): string[] {
  const problems = NODE_RULES.filter(([violated]) => violated(node)).map(([, problem]) => `${path || '<root>'}: ${problem}`);
  if (node['x-kubernetes-list-type'] !== 'map') return problems;
  for (const key of node['x-kubernetes-list-map-keys'] ?? []) {
    if (!node.items?.required?.includes(key)) problems.push(`${path}: list-map key ${key} is not required in items`);
  }
  return problems;
}

/** Reasons the schema is not structural (empty when it is). */
export function structuralProblems(schema: JSONSchemaProps): string[] {
  const problems: string[] = [];
  walkSchema(schema, (node, path) => problems.push(...nodeProblems(node, path)));
  return problems;
}

/** Paths of properties without a description (top-level metadata excepted: the apiserver documents it). */
export function undocumentedFields(schema: JSONSchemaProps): string[] {
  const missing: string[] = [];
  walkSchema(schema, (node, path) => {
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      const exempt = path === '' && name === 'metadata';
      if (!exempt && !child.description?.trim()) missing.push(`${path}.${name}`);
    }
  });
  return missing;
}

/** Defaults that do not validate against their own schema. */
export function invalidDefaults(schema: JSONSchemaProps): string[] {
  const problems: string[] = [];
  walkSchema(schema, (node, path) => {
    if (node.default === undefined) return;
    for (const error of validateValue(node, node.default, path)) problems.push(`default of ${path}: ${error}`);
  });
  return problems;
}

const typeOf = (value: unknown): string => {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
};

function numberErrors(schema: JSONSchemaProps, value: number, path: string): string[] {
  const errors: string[] = [];
  if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${path}: should be greater than or equal to ${schema.minimum}`);
  if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${path}: should be less than or equal to ${schema.maximum}`);
  return errors;
}

function stringErrors(schema: JSONSchemaProps, value: string, path: string): string[] {
  const errors: string[] = [];
  if (schema.maxLength !== undefined && value.length > schema.maxLength) errors.push(`${path}: Too long: may not be more than ${schema.maxLength}`);
  if (schema.minLength !== undefined && value.length < schema.minLength) errors.push(`${path}: should be at least ${schema.minLength} chars long`);
  if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${path}: should match '${schema.pattern}'`);
  if (schema.format === 'byte' && !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) errors.push(`${path}: must be base64`);
  return errors;
}

function scalarErrors(schema: JSONSchemaProps, value: unknown, path: string): string[] {
  const errors: string[] = [];
  if (schema.enum && !schema.enum.includes(value as string | number)) errors.push(`${path}: Unsupported value: ${JSON.stringify(value)}`);
  if (typeof value === 'number') errors.push(...numberErrors(schema, value, path));
  if (typeof value === 'string') errors.push(...stringErrors(schema, value, path));
  return errors;
}

function listErrors(schema: JSONSchemaProps, value: unknown[], path: string): string[] {
  const errors: string[] = [];
  if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${path}: Too many: must have at most ${schema.maxItems} items`);
  if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${path}: should have at least ${schema.minItems} items`);
  const keys = schema['x-kubernetes-list-map-keys'] ?? [];
  const seen = new Set<string>();
  value.forEach((item, i) => {
    if (schema.items) errors.push(...validateValue(schema.items, item, `${path}[${i}]`));
    if (schema['x-kubernetes-list-type'] === 'atomic') return;
    const identity = keys.length > 0 ? JSON.stringify(keys.map((k) => (item as Record<string, unknown>)[k])) : JSON.stringify(item);
    if (seen.has(identity)) errors.push(`${path}[${i}]: Duplicate value: ${identity}`);
    seen.add(identity);
  });
  return errors;
}

function objectErrors(schema: JSONSchemaProps, value: Record<string, unknown>, path: string): string[] {
  const errors: string[] = [];
  for (const name of schema.required ?? []) if (value[name] === undefined) errors.push(`${path}.${name}: Required value`);
  const entries = Object.entries(value);
  if (schema.maxProperties !== undefined && entries.length > schema.maxProperties) errors.push(`${path}: Too many: must have at most ${schema.maxProperties} items`);
  for (const [name, child] of entries) {
    const childSchema = schema.properties?.[name] ?? schema.additionalProperties;
    if (childSchema) errors.push(...validateValue(childSchema, child, `${path}.${name}`));
    // Unknown fields are pruned by the apiserver (or kept with preserve-unknown-fields), not rejected.
  }
  return errors;
}

/** Errors of `value` against `schema` (OpenAPI keywords only; CEL rules are not evaluated). */
export function validateValue(schema: JSONSchemaProps, value: unknown, path = ''): string[] {
  const actual = typeOf(value);
  const expected = schema.type;
  const typeMatches = expected === undefined || expected === actual || (expected === 'number' && actual === 'integer');
  if (!typeMatches) return [`${path}: Invalid value: ${JSON.stringify(value)}: must be of type ${expected}`];
  if (Array.isArray(value)) return listErrors(schema, value, path);
  if (actual === 'object') return objectErrors(schema, value as Record<string, unknown>, path);
  return scalarErrors(schema, value, path);
}
