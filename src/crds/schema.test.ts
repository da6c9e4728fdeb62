import { describe, expect, it } from '@jest/globals';
import { crdExamples, crds, invalidDefaults, structuralProblems, undocumentedFields, validateValue, type CustomResourceDefinition, type JSONSchemaProps } from './index.js';
import { walkSchema } from './schema/check.js';

const schemaOf = (crd: CustomResourceDefinition): JSONSchemaProps => {
  const version = crd.spec.versions[0];
  if (!version) throw new Error(`${crd.metadata.name} has no version`);
  return version.schema.openAPIV3Schema;
};
const byKind = new Map(crds.map((crd) => [crd.spec.names.kind, schemaOf(crd)]));
/** The schema of a kind; an unknown kind fails (an empty schema would accept any object). */
const schemaFor = (kind: string): JSONSchemaProps => {
  const schema = byKind.get(kind);
  if (!schema) throw new Error(`no CRD schema for kind ${kind}`);
  return schema;
};
const celMessages = (schema: JSONSchemaProps): string[] => {
  const messages: string[] = [];
  walkSchema(schema, (node) => {
    for (const r of node['x-kubernetes-validations'] ?? []) messages.push(r.message ?? r.messageExpression ?? '');
  });
  return messages;
};
const at = (schema: JSONSchemaProps, ...path: string[]): JSONSchemaProps =>
  path.reduce<JSONSchemaProps>((node, name) => {
    const next = name === '[]' ? node.items : node.properties?.[name];
    if (!next) throw new Error(`no schema at ${path.join('.')}`);
    return next;
  }, schema);

describe.each(crds.map((crd) => [crd.spec.names.kind, crd] as const))('%s CRD schema', (_kind, crd) => {
  const schema = schemaOf(crd);

  it('is structural: every node typed, no additionalProperties beside properties, list-map keys required', () => {
    expect(structuralProblems(schema)).toEqual([]);
  });

  it('describes every property (for kubectl explain)', () => {
    expect(undocumentedFields(schema)).toEqual([]);
  });

  it('has defaults that validate against their own schema', () => {
    expect(invalidDefaults(schema)).toEqual([]);
  });

  it('bounds every string and list that a CEL rule can reach', () => {
    const unbounded: string[] = [];
    walkSchema(at(schema, 'spec'), (node, path) => {
      if (node.type === 'string' && node.maxLength === undefined && node.enum === undefined) unbounded.push(path);
      if (node.type === 'array' && node.maxItems === undefined) unbounded.push(path);
    });
    expect(unbounded).toEqual([]);
  });

  it('has a status subresource, printer columns ending with Age, and category kubenomad', () => {
    const version = crd.spec.versions[0];
    expect(version?.subresources?.status).toEqual({});
    expect(version?.additionalPrinterColumns?.at(-1)?.name).toBe('Age');
    expect(crd.spec.names.categories).toContain('kubenomad');
    expect(crd.spec.scope).toBe('Namespaced');
  });
});

describe('NomadJob schema', () => {
  const schema = schemaFor('NomadJob');
  const spec = at(schema, 'spec');

  it.each([
    ['type', 'service'],
    ['priority', 50],
    ['region', 'global'],
    ['namespace', 'default'],
    ['nodePool', 'default'],
  ])('defaults %s to %p as Nomad does', (field, value) => {
    expect(at(spec, field).default).toEqual(value);
  });

  it('defaults group count to 1 and bounds it below by 0', () => {
    const count = at(spec, 'groups', '[]', 'count');
    expect([count.default, count.minimum]).toEqual([1, 0]);
  });

  it('keys groups and tasks by name and requires at least one task', () => {
    expect(at(spec, 'groups')['x-kubernetes-list-map-keys']).toEqual(['name']);
    const tasks = at(spec, 'groups', '[]', 'tasks');
    expect([tasks['x-kubernetes-list-map-keys'], tasks.minItems]).toEqual([['name'], 1]);
  });

  it('does not default restart, reschedule or update fields (per-type defaults, inherited blocks)', () => {
    for (const block of ['restart', 'reschedule', 'update']) {
      walkSchema(at(spec, 'groups', '[]', block), (node, path) => expect([path, node.default]).toEqual([path, undefined]));
    }
  });

  it('keeps task driver config and kubernetes pod fields opaque', () => {
    const task = at(spec, 'groups', '[]', 'tasks', '[]');
    expect(at(task, 'config')['x-kubernetes-preserve-unknown-fields']).toBe(true);
    expect(at(task, 'kubernetes', 'tolerations', '[]')['x-kubernetes-preserve-unknown-fields']).toBe(true);
  });

  it('names units and HCL attributes in resource descriptions', () => {
    const resources = at(spec, 'groups', '[]', 'tasks', '[]', 'resources');
    expect(at(resources, 'cpu').description).toContain('MHz');
    expect(at(resources, 'memory').description).toContain('MB');
    expect(at(resources, 'memoryMax').description).toContain('HCL: memory_max');
  });
});

describe('crdExamples', () => {
  const valid = crdExamples.filter((e) => e.rejects === undefined);
  const invalid = crdExamples.filter((e) => e.rejects !== undefined);

  it('covers every kind with valid and invalid objects', () => {
    for (const kind of ['NomadJob', 'Dispatch', 'Periodic']) {
      expect(valid.some((e) => e.kind === kind)).toBe(true);
      expect(invalid.some((e) => e.kind === kind)).toBe(true);
    }
  });

  it('has unique object names per kind (the e2e test creates them side by side)', () => {
    const keys = crdExamples.map((e) => `${e.kind}/${String((e.object['metadata'] as { name?: string }).name)}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(valid.map((e) => [e.name, e] as const))('accepts: %s', (_name, example) => {
    expect(validateValue(schemaFor(example.kind), example.object)).toEqual([]);
  });

  it.each(invalid.filter((e) => e.via === 'schema').map((e) => [e.name, e] as const))('rejects by schema: %s', (_name, example) => {
    const errors = validateValue(schemaFor(example.kind), example.object);
    expect(errors.join('\n')).toContain(example.rejects);
  });

  it.each(invalid.filter((e) => e.via === 'cel').map((e) => [e.name, e] as const))('rejects by a CEL rule only: %s', (_name, example) => {
    const schema = schemaFor(example.kind);
    expect(validateValue(schema, example.object)).toEqual([]);
    expect(celMessages(schema).some((m) => m.includes(example.rejects ?? '<none>'))).toBe(true);
  });
});
