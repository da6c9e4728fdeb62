import { describe, expect, it } from '@jest/globals';
import { accessesOf, granted, ungranted, unused, type GrantedRules } from './audit.js';

const SA = 'system:serviceaccount:kubenomad-system:kubenomad';

/** One audit event line, as kube-apiserver writes it with --audit-log-format=json. */
function event(verb: string, objectRef: Record<string, string> | undefined, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ kind: 'Event', stage: 'ResponseComplete', verb, user: { username: SA }, objectRef, responseStatus: { code: 200 }, ...extra });
}

const CHART: GrantedRules[] = [
  { rules: [
    { apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete', 'list', 'watch'] },
    { apiGroups: [''], resources: ['pods/binding'], verbs: ['create'] },
    { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], resourceNames: ['kubenomad'], verbs: ['get', 'patch'] },
  ] },
  { namespace: 'kubenomad-system', rules: [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create', 'get', 'update'] }] },
];

describe('accessesOf', () => {
  it('keeps the account\'s resource requests with subresources, and its non-resource paths apart', () => {
    const log = [
      event('create', { resource: 'pods', subresource: 'binding', namespace: 'jobs', name: 'p' }),
      event('get', undefined, { requestURI: '/version?timeout=32s' }),
      event('list', { resource: 'pods' }, { user: { username: 'system:serviceaccount:other:x' } }),
      event('watch', { resource: 'pods' }, { stage: 'RequestReceived' }),
      '',
    ].join('\n');
    const { resources, nonResources } = accessesOf(log, SA);
    expect(resources).toEqual([{ verb: 'create', group: '', resource: 'pods/binding', namespace: 'jobs', name: 'p', code: 200 }]);
    expect(nonResources).toEqual([{ verb: 'get', path: '/version' }]);
  });
});

describe('granted', () => {
  it.each([
    ['a cluster-wide verb in any namespace', { verb: 'list', group: '', resource: 'pods', namespace: 'jobs' }, true],
    ['a subresource only when it is named', { verb: 'create', group: '', resource: 'pods/eviction', namespace: 'jobs' }, false],
    ['a Role verb in the Role\'s namespace', { verb: 'update', group: 'coordination.k8s.io', resource: 'leases', namespace: 'kubenomad-system' }, true],
    ['a Role verb elsewhere', { verb: 'update', group: 'coordination.k8s.io', resource: 'leases', namespace: 'jobs' }, false],
    ['a verb the rule does not list', { verb: 'watch', group: 'coordination.k8s.io', resource: 'leases', namespace: 'kubenomad-system' }, false],
    ['a named object among resourceNames', { verb: 'patch', group: 'admissionregistration.k8s.io', resource: 'mutatingwebhookconfigurations', name: 'kubenomad' }, true],
    ['another object than resourceNames', { verb: 'patch', group: 'admissionregistration.k8s.io', resource: 'mutatingwebhookconfigurations', name: 'other' }, false],
  ])('%s → %s', (_what, access, expected) => {
    expect(granted(CHART, access)).toBe(expected);
  });
});

describe('ungranted and unused', () => {
  it('names each missing grant once and each idle grant', () => {
    const accesses = [
      { verb: 'watch', group: 'kubenomad.io', resource: 'dispatches' },
      { verb: 'watch', group: 'kubenomad.io', resource: 'dispatches' },
      { verb: 'create', group: '', resource: 'pods', namespace: 'jobs' },
      { verb: 'get', group: 'coordination.k8s.io', resource: 'leases', namespace: 'kubenomad-system' },
    ];
    expect(ungranted(CHART, accesses)).toEqual(['watch kubenomad.io/dispatches']);
    // create pods and get leases were used; 3 pod verbs, the binding, both webhook verbs and 2 lease verbs were not.
    expect(unused(CHART, accesses)).toEqual([
      'create /pods/binding', 'create coordination.k8s.io/leases', 'delete /pods', 'get admissionregistration.k8s.io/mutatingwebhookconfigurations',
      'list /pods', 'patch admissionregistration.k8s.io/mutatingwebhookconfigurations', 'update coordination.k8s.io/leases', 'watch /pods',
    ]);
  });
});
