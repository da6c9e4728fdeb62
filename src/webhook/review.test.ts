import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import type { NomadJob } from '../crds/nomadjob-types.js';
import { handleAdmissionReview, type AdmissionDeps } from './review.js';
import { HCL_SOURCE_ANNOTATION, PATHS, type AdmissionReviewResponse, type JsonPatchOp } from './types.js';

const fixture = (name: string): string => readFileSync(new URL(`../../test/fixtures/hcl/${name}`, import.meta.url), 'utf8');

const pingParent: NomadJob = {
  apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'ping', namespace: 'ns' },
  spec: { type: 'batch', parameterized: { payload: 'forbidden', metaRequired: ['ADDRESS'] }, groups: [] },
};
const deps: AdmissionDeps = { readNomadJob: async (_ns, name) => (name === 'ping' ? pingParent : undefined) };

function review(object: unknown, extra: Record<string, unknown> = {}): unknown {
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'u1', operation: 'CREATE', namespace: 'ns', object, ...extra } };
}
function hclJob(name: string, hcl: string, spec: Record<string, unknown> = {}): unknown {
  // As the apiserver sends it: CRD defaults already applied.
  return { apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name }, spec: { hcl, type: 'service', priority: 50, datacenters: ['*'], ...spec } };
}
function patchOf(r: AdmissionReviewResponse): JsonPatchOp[] {
  return JSON.parse(Buffer.from(r.response.patch ?? '', 'base64').toString('utf8')) as JsonPatchOp[];
}
const goodSpec = (groups: unknown[], extra: Record<string, unknown> = {}): unknown => ({ metadata: { name: 'j' }, spec: { groups, ...extra } });
const task = (name: string, driver = 'docker'): unknown => ({ name, driver, config: { image: 'redis' } });

describe('mutate-nomadjob', () => {
  it('replaces the defaulted spec with the translated one and keeps the source in an annotation', async () => {
    const source = fixture('ping.nomad');
    const r = await handleAdmissionReview(PATHS.mutateNomadJob, review(hclJob('ping', source)), deps);
    expect(r.response).toMatchObject({ uid: 'u1', allowed: true, patchType: 'JSONPatch' });
    const [replace, annotate] = patchOf(r);
    expect(replace).toMatchObject({ op: 'replace', path: '/spec' });
    const spec = replace?.value as Record<string, unknown>;
    expect(spec).toMatchObject({ id: 'ping', type: 'batch', datacenters: ['dc1'], groups: [{ name: 'ping', tasks: [{ name: 'ping', driver: 'exec' }] }] });
    expect(spec).not.toHaveProperty('hcl');
    expect(annotate).toEqual({ op: 'add', path: '/metadata/annotations', value: { [HCL_SOURCE_ANNOTATION]: source } });
  });

  it('adds the annotation key (escaped) when annotations exist', async () => {
    const obj = hclJob('ping', fixture('ping.nomad')) as { metadata: Record<string, unknown> };
    obj.metadata.annotations = { a: 'b' };
    const r = await handleAdmissionReview(PATHS.mutateNomadJob, review(obj), deps);
    expect(patchOf(r)[1]?.path).toBe('/metadata/annotations/kubenomad.io~1hcl-source');
  });

  it('rejects invalid HCL with 422 and file:line:col diagnostics', async () => {
    const r = await handleAdmissionReview(PATHS.mutateNomadJob, review(hclJob('broken', fixture('errors/invalid-hcl.nomad'))), deps);
    expect(r.response.allowed).toBe(false);
    expect(r.response.status?.code).toBe(422);
    expect(r.response.status?.message).toContain('broken.nomad:3:12: Invalid expression');
  });

  it('rejects a job label that differs from metadata.name', async () => {
    const r = await handleAdmissionReview(PATHS.mutateNomadJob, review(hclJob('other', fixture('ping.nomad'))), deps);
    expect(r.response.allowed).toBe(false);
    expect(r.response.status?.message).toMatch(/other\.nomad:\d+:\d+: job "ping" does not match metadata.name "other"/);
  });

  it('passes hclVariables as variable values', async () => {
    const hcl = 'variable "n" {\n  type = number\n}\njob "v" {\n  group "g" {\n    count = var.n\n    task "t" {\n      driver = "docker"\n      config { image = "x" }\n    }\n  }\n}\n';
    const r = await handleAdmissionReview(PATHS.mutateNomadJob, review(hclJob('v', hcl, { hclVariables: { n: '3' } })), deps);
    expect(r.response.allowed).toBe(true);
    expect(patchOf(r)[0]?.value).toMatchObject({ groups: [{ name: 'g', count: 3 }] });
  });

  it('refuses HCL larger than the limit before translating it, naming the size and the bound', async () => {
    const hcl = `job "big" {\n${'  # padding\n'.repeat(20_000)}}\n`;
    const r = await handleAdmissionReview(PATHS.mutateNomadJob, review(hclJob('big', hcl)), deps);
    expect(r.response.allowed).toBe(false);
    expect(r.response.status?.message).toContain('spec.hcl is too large');
    expect(r.response.status?.details?.causes?.[0]).toMatchObject({ field: 'spec.hcl', message: expect.stringContaining('at most 65536 are allowed') });
  });

  it('returns translation warnings as admission warnings of at most 256 characters', async () => {
    const r = await handleAdmissionReview(PATHS.mutateNomadJob, review(hclJob('vault', fixture('nomad-example-vault.nomad'))), deps);
    expect(r.response.allowed).toBe(true);
    expect(r.response.warnings?.length).toBeGreaterThan(0);
    expect(r.response.warnings?.[0]).toMatch(/^vault\.nomad:\d+:\d+: warning: /);
    for (const w of r.response.warnings ?? []) expect(w.length).toBeLessThanOrEqual(256);
  });

  it('leaves structured jobs and unchanged HCL alone', async () => {
    const structured = await handleAdmissionReview(PATHS.mutateNomadJob, review(goodSpec([])), deps);
    expect(structured.response).toEqual({ uid: 'u1', allowed: true });
    const same = { metadata: { name: 'ping' }, spec: { hcl: 'x', groups: [] } };
    const update = await handleAdmissionReview(PATHS.mutateNomadJob, review(same, { operation: 'UPDATE', oldObject: same }), deps);
    expect(update.response).toEqual({ uid: 'u1', allowed: true });
  });

  it('translates a 300-line jobspec in well under a second', async () => {
    const groups = Array.from({ length: 25 }, (_, i) => `  group "g${i}" {\n    count = 2\n    task "t" {\n      driver = "docker"\n      config {\n        image = "redis:7"\n        args  = ["--port", "6379"]\n      }\n      resources {\n        cpu    = 100\n        memory = 64\n      }\n    }\n  }\n`);
    const hcl = `job "big" {\n  datacenters = ["dc1"]\n${groups.join('')}}\n`;
    expect(hcl.split('\n').length).toBeGreaterThanOrEqual(300);
    await handleAdmissionReview(PATHS.mutateNomadJob, review(hclJob('ping', fixture('ping.nomad'))), deps); // warm-up
    const start = performance.now();
    const r = await handleAdmissionReview(PATHS.mutateNomadJob, review(hclJob('big', hcl)), deps);
    expect(r.response.allowed).toBe(true);
    expect(performance.now() - start).toBeLessThan(500);
  });
});

describe('validate-nomadjob', () => {
  it('accepts a well-formed job', async () => {
    const r = await handleAdmissionReview(PATHS.validateNomadJob, review(goodSpec([{ name: 'g', tasks: [task('a'), task('b', 'exec')] }])), deps);
    expect(r.response.allowed).toBe(true);
  });

  it('rejects spread targets summing over 100%', async () => {
    // 60 + 50 = 110 > 100
    const spreads = [{ attribute: '${node.datacenter}', targets: [{ value: 'a', percent: 60 }, { value: 'b', percent: 50 }] }];
    const r = await handleAdmissionReview(PATHS.validateNomadJob, review(goodSpec([{ name: 'g', tasks: [task('a')], spreads }])), deps);
    expect(r.response.allowed).toBe(false);
    expect(r.response.status?.message).toContain('spec.groups[0].spreads[0]: sum of spread target percentages must not be greater than 100%; got 110%');
  });

  it('rejects unsupported drivers and duplicate names, all at once', async () => {
    const groups = [{ name: 'g', tasks: [task('a', 'java'), task('a')] }, { name: 'g', tasks: [task('c')] }];
    const r = await handleAdmissionReview(PATHS.validateNomadJob, review(goodSpec(groups)), deps);
    expect(r.response.allowed).toBe(false);
    const message = r.response.status?.message ?? '';
    expect(message).toContain('Job task group "g" is defined more than once');
    expect(message).toContain('Task group "g": task "a" is defined more than once');
    expect(message).toContain('uses driver "java"');
  });

  it('rejects an invalid RE2 pattern in a task constraint, naming its field path', async () => {
    const t = { ...(task('a') as object), constraints: [{ attribute: '${attr.unique.hostname}', operator: 'regexp', value: '(unclosed' }] };
    const r = await handleAdmissionReview(PATHS.validateNomadJob, review(goodSpec([{ name: 'g', tasks: [t] }])), deps);
    expect(r.response.allowed).toBe(false);
    expect(r.response.status?.message).toContain('spec.groups[0].tasks[0].constraints[0]: invalid regular expression "(unclosed"');
    expect(r.response.status?.details?.causes?.[0]?.field).toBe('spec.groups[0].tasks[0].constraints[0].value');
  });

  it('rejects a job over the allocation limit (64 groups × 100,000) with one clear cause', async () => {
    const groups = Array.from({ length: 64 }, (_, i) => ({ name: `g${i}`, count: 100_000, tasks: [task('a')] }));
    const r = await handleAdmissionReview(PATHS.validateNomadJob, review(goodSpec(groups)), deps);
    expect(r.response.allowed).toBe(false);
    expect(r.response.status?.message).toContain('6400000 allocations in all (the sum of count); at most 100000 are allowed per job');
  });

  it('rejects a cron that cannot parse and a periodic service job, naming the fields', async () => {
    const spec = goodSpec([{ name: 'g', tasks: [task('a')] }], { type: 'service', periodic: { crons: ['*/5 * * * *', 'every tuesday'] } });
    const r = await handleAdmissionReview(PATHS.validateNomadJob, review(spec), deps);
    expect(r.response.allowed).toBe(false);
    const fields = r.response.status?.details?.causes?.map((c) => c.field);
    expect(fields).toEqual(expect.arrayContaining(['spec.type', 'spec.periodic.crons[1]']));
    expect(fields).not.toContain('spec.periodic.crons[0]');
  });

  it('rejects service, check and task port labels that no network of the group defines', async () => {
    const web = { ...(task('web') as object), config: { image: 'nginx', ports: ['http', 'admin'] }, services: [{ name: 'web', port: 'http', checks: [{ type: 'http', port: 'helth' }] }] };
    const group = { name: 'g', networks: [{ ports: [{ label: 'http' }] }], services: [{ name: 'g-svc', port: '8080' }], tasks: [web] };
    const r = await handleAdmissionReview(PATHS.validateNomadJob, review(goodSpec([group])), deps);
    expect(r.response.allowed).toBe(false);
    expect(r.response.status?.details?.causes?.map((c) => c.field)).toEqual([
      'spec.groups[0].tasks[0].services[0].checks[0].port',
      'spec.groups[0].tasks[0].config.ports[1]',
    ]);
    expect(r.response.status?.message).toContain('port label "admin" is not defined by any network of group "g"; the group\'s networks define "http"');
  });

  it('rejects text that was not UTF-8 (U+FFFD from the API server\'s decoding), naming the field', async () => {
    const spec = goodSpec([{ name: 'g', tasks: [task('a')] }], { meta: { note: 'caf\uFFFD' } });
    const r = await handleAdmissionReview(PATHS.validateNomadJob, review(spec), deps);
    expect(r.response.allowed).toBe(false);
    expect(r.response.status?.details?.causes?.[0]?.field).toBe('spec.meta.note');
    expect(r.response.status?.message).toMatch(/not UTF-8/);
  });

  it('lets updates that do not change the spec through (status and metadata patches)', async () => {
    const bad = goodSpec([{ name: 'g', tasks: [task('a', 'java')] }]);
    const r = await handleAdmissionReview(PATHS.validateNomadJob, review(bad, { operation: 'UPDATE', oldObject: bad }), deps);
    expect(r.response.allowed).toBe(true);
  });
});

describe('validate-dispatch', () => {
  const dispatch = (spec: unknown): unknown => ({ metadata: { name: 'd1', namespace: 'ns' }, spec });

  it('names every missing required meta key', async () => {
    const r = await handleAdmissionReview(PATHS.validateDispatch, review(dispatch({ job: 'ping' })), deps);
    expect(r.response.allowed).toBe(false);
    expect(r.response.status?.code).toBe(422);
    expect(r.response.status?.message).toContain('missing required meta: ADDRESS');
  });

  it('accepts a dispatch with the required meta, idempotency token or not', async () => {
    const r = await handleAdmissionReview(PATHS.validateDispatch, review(dispatch({ job: 'ping', meta: { ADDRESS: '1.1.1.1' }, idempotencyToken: 't' })), deps);
    expect(r.response).toEqual({ uid: 'u1', allowed: true });
  });

  it('rejects a dispatch of a job that does not exist', async () => {
    const r = await handleAdmissionReview(PATHS.validateDispatch, review(dispatch({ job: 'nope' })), deps);
    expect(r.response.allowed).toBe(false);
    expect(r.response.status?.message).toContain('parameterized job "nope" not found');
  });

  it('denies with 500 when the parent cannot be read', async () => {
    const failing: AdmissionDeps = { readNomadJob: async () => { throw new Error('connection refused'); } };
    const r = await handleAdmissionReview(PATHS.validateDispatch, review(dispatch({ job: 'ping' })), failing);
    expect(r.response.status).toMatchObject({ code: 500 });
  });
});

describe('handleAdmissionReview', () => {
  it('answers a valid AdmissionReview for anything (never throws)', async () => {
    const paths = fc.constantFrom(...Object.values(PATHS), '/nope');
    const bodies = fc.oneof(fc.anything(), fc.anything().map((object) => review(object)), fc.anything().map((spec) => review({ metadata: { name: 'x' }, spec })));
    await fc.assert(fc.asyncProperty(paths, bodies, async (path, body) => {
      const r = await handleAdmissionReview(path, body, deps);
      expect(r.kind).toBe('AdmissionReview');
      expect(typeof r.response.allowed).toBe('boolean');
    }), { numRuns: 300 });
  });

  it('denies malformed reviews with 400 and unknown paths with 404', async () => {
    expect((await handleAdmissionReview(PATHS.mutateNomadJob, { kind: 'Nope' }, deps)).response.status?.code).toBe(400);
    expect((await handleAdmissionReview('/x', review({}), deps)).response.status?.code).toBe(404);
  });
});
