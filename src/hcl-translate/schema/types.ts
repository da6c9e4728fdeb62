/** Vocabulary of the jobspec schema table: what each block allows, with types and camelCase field names. */

/** Value types an attribute can have. */
export type AttrType =
  | 'string' | 'number' | 'int' | 'bool' | 'duration'
  | 'strings' | 'stringMap' | 'stringListMap' | 'any';

/** An attribute: its type, its field in the spec (default: camelCase of the HCL name), allowed values. */
export interface AttrSpec {
  kind: 'attr';
  type: AttrType;
  field?: string;
  values?: readonly string[];
  /** Nomad accepts it but kubenomad does not model it: dropped with this warning. */
  drop?: string;
  /** Kept, with this warning (e.g. not honoured on Kubernetes). */
  warn?: string;
}

/** A nested block: its schema, field, label field (labelled blocks) and whether it may repeat. */
export interface BlockSpec {
  kind: 'block';
  schema: string;
  field?: string;
  label?: string;
  many: boolean;
  drop?: string;
  warn?: string;
}

/** What one block kind allows. `free` bodies (driver config) accept anything. */
export interface BodySchema {
  attrs: Record<string, AttrSpec>;
  blocks: Record<string, BlockSpec>;
  free?: boolean;
}

/** An attribute of `type`. */
export const attr = (type: AttrType, more: Partial<AttrSpec> = {}): AttrSpec => ({ kind: 'attr', type, ...more });

/** A string attribute restricted to `values`. */
export const oneOf = (...values: string[]): AttrSpec => ({ kind: 'attr', type: 'string', values });

/** An attribute Nomad accepts that kubenomad drops with a warning. */
export const ignored = (why: string, type: AttrType = 'any'): AttrSpec => ({ kind: 'attr', type, drop: why });

/** A block that appears at most once. */
export const one = (schema: string, more: Partial<BlockSpec> = {}): BlockSpec => ({ kind: 'block', schema, many: false, ...more });

/** A repeatable block collected into the list `field`. */
export const many = (schema: string, field: string, more: Partial<BlockSpec> = {}): BlockSpec => ({ kind: 'block', schema, field, many: true, ...more });

/** A labelled repeatable block: label goes to `labelField`, bodies to the list `field`. */
export const labelled = (schema: string, field: string, labelField: string): BlockSpec => ({ kind: 'block', schema, field, label: labelField, many: true });

/** A block Nomad accepts that kubenomad drops with a warning. */
export const droppedBlock = (why: string, isMany = true): BlockSpec => ({ kind: 'block', schema: 'free', many: isMany, drop: why });

/** snake_case → camelCase. */
export function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
