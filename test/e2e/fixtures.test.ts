/** Every example manifest and every translated golden jobspec is accepted by the real apiserver (server-side dry run). */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as yaml from 'js-yaml';
import { createNamespace, deleteNamespace, kubeConfig, kubectl } from './support/cluster.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NS = 'e2e-fixtures';
const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml'));
const goldens = readdirSync(join(ROOT, 'test/fixtures/hcl')).filter((f) => f.endsWith('.yaml'));

beforeAll(async () => {
  await createNamespace(kubeConfig(), NS);
}, 60_000);
afterAll(async () => deleteNamespace(kubeConfig(), NS));

describe('fixtures on the real apiserver', () => {
  it.each(examples)('accepts examples/%s', (file) => {
    const r = kubectl(['apply', '--dry-run=server', '-n', NS, '-f', join(ROOT, 'examples', file)]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.each(goldens)('accepts the NomadJob translated from test/fixtures/hcl/%s', (file) => {
    const golden = yaml.load(readFileSync(join(ROOT, 'test/fixtures/hcl', file), 'utf8')) as { jobName: string; spec: object };
    const job = { apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: golden.jobName.toLowerCase().replace(/[^a-z0-9-]/g, '-'), namespace: NS }, spec: golden.spec };
    const r = kubectl(['apply', '--dry-run=server', '-o', 'json', '-f', '-'], yaml.dump(job));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // The translation already carries every CRD default: the apiserver adds nothing, so the version hash of an
    // HCL job equals that of the same job stored from YAML.
    expect((JSON.parse(r.stdout) as { spec: object }).spec).toEqual(golden.spec);
  });
});
