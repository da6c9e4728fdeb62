import { describe, expect, it } from '@jest/globals';
import { requestInfo } from './request-info.js';

describe('requestInfo', () => {
  it.each([
    // method, url, verb, resource
    ['GET', '/api/v1/pods?limit=500', 'list', 'pods'],
    ['GET', '/api/v1/pods?watch=true&resourceVersion=12', 'watch', 'pods'],
    ['GET', '/api/v1/nodes', 'list', 'nodes'],
    ['GET', '/api/v1/nodes/node-1', 'get', 'nodes'],
    ['POST', 'https://127.0.0.1:6443/api/v1/namespaces/default/pods', 'create', 'pods'],
    ['POST', '/api/v1/namespaces/default/pods/web-0/binding', 'create', 'pods/binding'],
    ['POST', '/api/v1/namespaces/default/pods/web-0/eviction', 'create', 'pods/eviction'],
    ['DELETE', '/api/v1/namespaces/default/pods/web-0', 'delete', 'pods'],
    ['DELETE', '/api/v1/namespaces/default/pods', 'deletecollection', 'pods'],
    ['GET', '/api/v1/namespaces', 'list', 'namespaces'],
    ['GET', '/api/v1/namespaces/default', 'get', 'namespaces'],
    ['PATCH', '/apis/kubenomad.io/v1alpha1/namespaces/jobs/nomadjobs/web/status', 'patch', 'nomadjobs/status'],
    ['GET', '/apis/kubenomad.io/v1alpha1/nomadjobs', 'list', 'nomadjobs'],
    ['PUT', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kubenomad', 'update', 'leases'],
    ['POST', '/apis/events.k8s.io/v1/namespaces/default/events', 'create', 'events'],
    ['PATCH', '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/kubenomad?fieldManager=x', 'patch', 'mutatingwebhookconfigurations'],
  ])('%s %s is %s %s', (method, url, verb, resource) => {
    expect(requestInfo(method, url)).toEqual({ verb, resource });
  });

  it.each([
    ['GET', '/version', 'version'],
    ['GET', '/apis/kubenomad.io/v1alpha1', 'apis'],
    ['GET', '/api/v1', 'api'],
    ['GET', '/healthz', 'healthz'],
  ])('names a non-resource URL (%s %s) by its first segment', (method, url, resource) => {
    expect(requestInfo(method, url)).toEqual({ verb: 'get', resource });
  });
});
