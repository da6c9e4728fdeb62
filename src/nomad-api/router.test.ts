import { describe, expect, it } from '@jest/globals';
import { Router } from './router.js';

const r = new Router<string>().add('GET', '/v1/job/:id', 'read').add('GET', '/v1/job/:id/summary', 'summary').add(['PUT', 'POST'], '/v1/jobs', 'register').add('GET', '/v1/var/*path', 'var');

describe('Router', () => {
  it('decodes path parameters, so a job ID may contain an escaped slash', () => {
    expect(r.match('GET', '/v1/job/ping%2Fdispatch-1-ab')).toEqual({ handler: 'read', params: { id: 'ping/dispatch-1-ab' } });
  });

  it('matches the rest of the path for a * parameter', () => {
    expect(r.match('GET', '/v1/var/a/b/c').params).toEqual({ path: 'a/b/c' });
  });

  it('answers 405 for a known path with another method and 404 for an unknown path', () => {
    expect(() => r.match('DELETE', '/v1/jobs')).toThrow(expect.objectContaining({ status: 405, message: 'Invalid method' }));
    expect(() => r.match('GET', '/v1/job/x/nothing')).toThrow(expect.objectContaining({ status: 404 }));
  });

  it('refuses a malformed escape with a 400', () => {
    expect(() => r.match('GET', '/v1/job/%E0%A4%A')).toThrow(expect.objectContaining({ status: 400 }));
  });
});
