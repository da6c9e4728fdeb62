import { describe, expect, it } from '@jest/globals';
import type { NomadJob, TaskGroup } from '../../crds/nomadjob-types.js';
import { desiredServices, dns1035, serviceName } from './desired.js';
import { diffServices } from './diff.js';

const group = (extra: Partial<TaskGroup> = {}): TaskGroup => ({
  name: 'web', networks: [{ ports: [{ label: 'http', to: 8080 }, { label: 'admin', static: 9000 }, { label: 'dyn' }] }],
  tasks: [{ name: 'server', driver: 'docker', config: { image: 'nginx' } }], ...extra,
});
const job = (groups: TaskGroup[], extra: Partial<NomadJob['spec']> = {}): NomadJob => ({
  apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'shop', namespace: 'ns', uid: 'uid-1' }, spec: { groups, ...extra },
});

describe('serviceName and dns1035', () => {
  it('interpolates Nomad\'s variables and defaults to ${JOB}-${TASKGROUP}[-${TASK}]', () => {
    const j = job([group()]);
    expect(serviceName(j, group(), undefined, { name: '${JOB}-${TASKGROUP}-api' })).toBe('shop-web-api');
    expect(serviceName(j, group(), undefined, {})).toBe('shop-web');
    expect(serviceName(j, group(), group().tasks[0], {})).toBe('shop-web-server');
  });

  it.each([['Web_API', 'web-api'], ['1st-svc', 'st-svc'], ['a'.repeat(70), 'a'.repeat(63)], ['---', 'service']])('%s → %s', (name, out) => {
    expect(dns1035(name)).toBe(out);
  });
});

describe('desiredServices', () => {
  it('one Service per name: named port (to, else static, else 80), tags as labels, meta as annotations, owned by the job', () => {
    const services = [
      { name: 'api', port: 'http', tags: ['v1', 'not a label'], meta: { team: 'core' } },
      { name: 'api', port: 'admin' },
      { name: 'dyn', port: 'dyn' },
    ];
    const { services: out, warnings } = desiredServices(job([group({ services })]));
    expect(warnings).toEqual([]);
    expect(out.map((s) => [s.metadata.name, s.spec.ports.map((p) => `${p.name}:${p.port}→${p.targetPort}`)])).toEqual([
      ['api', ['http:8080→http', 'admin:9000→admin']],
      ['dyn', ['dyn:80→dyn']],
    ]);
    const api = out[0]!;
    expect(api.metadata.labels).toEqual({ 'kubenomad.io/managed': 'true', 'services.kubenomad.io/job': 'shop', 'tags.kubenomad.io/v1': 'true' });
    expect(api.metadata.annotations).toMatchObject({ 'meta.kubenomad.io/team': 'core', 'kubenomad.io/service-tags': '["v1","not a label"]' });
    expect(api.spec.selector).toEqual({ 'kubenomad.io/job': 'shop', 'kubenomad.io/group': 'web' });
    expect(api.metadata.ownerReferences[0]).toMatchObject({ kind: 'NomadJob', name: 'shop', uid: 'uid-1', controller: true });
  });

  it('reports a service without a usable port, and one name claimed by two groups', () => {
    const other = group({ name: 'other', services: [{ name: 'api', port: 'http' }] });
    const { services, warnings } = desiredServices(job([group({ services: [{ name: 'api', port: 'http' }, { name: 'x', port: 'nope' }] }), other]));
    expect(services.map((s) => s.metadata.name)).toEqual(['api']);
    expect(warnings).toEqual([
      'Service "x" of group "web": port "nope" is not a port label of group "web" usable as a Kubernetes port name; no Kubernetes Service port',
      'Service "api" of group "other": Service "api" already selects group "web"; not created',
    ]);
  });

  it('has none for a stopped job', () => {
    expect(desiredServices(job([group({ services: [{ name: 'api', port: 'http' }] })], { stop: true })).services).toEqual([]);
  });
});

describe('diffServices', () => {
  const desired = desiredServices(job([group({ services: [{ name: 'api', port: 'http' }] })])).services;

  it('applies what is missing, then nothing once observed as written (second pass writes nothing)', () => {
    expect(diffServices(desired, [], 'uid-1', new Set())).toEqual({ apply: desired, delete: [], conflicts: [] });
    const observed = desired.map((s) => ({ ...structuredClone(s), spec: { ...s.spec, clusterIP: '10.0.0.1' } }));
    expect(diffServices(desired, observed as never, 'uid-1', new Set(['api']))).toEqual({ apply: [], delete: [], conflicts: [] });
  });

  it('deletes its Services that are no longer wanted and leaves another owner\'s Service alone', () => {
    const observed = desired.map((s) => structuredClone(s));
    expect(diffServices([], observed as never, 'uid-1', new Set(['api']))).toEqual({ apply: [], delete: ['api'], conflicts: [] });
    expect(diffServices(desired, [], 'uid-1', new Set(['api']))).toEqual({ apply: [], delete: [], conflicts: ['api'] });
  });
});
