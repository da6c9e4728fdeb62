import { describe, expect, it } from '@jest/globals';
import { jobSpecOf, objectNameOf } from './register.js';

describe('the NomadJob behind a Nomad job ID', () => {
  it.each([
    ['example', 'example'],
    ['web.frontend', 'web.frontend'],
    ['ping/dispatch-1700000000-0a1b2c3d', /^ping-dispatch-1700000000-0a1b2c3d-[0-9a-f]{8}$/],
    ['My_Job', /^my-job-[0-9a-f]{8}$/],
    ['///', /^job-[0-9a-f]{8}$/],
    ['a'.repeat(100), /^a{52}-[0-9a-f]{8}$/],
  ])('%s → %s', (id, name) => {
    const out = objectNameOf(id);
    if (typeof name === 'string') expect(out).toBe(name);
    else expect(out).toMatch(name);
    expect(out).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
  });

  it('gives different IDs that sanitise alike different names', () => {
    expect(objectNameOf('My_Job')).not.toBe(objectNameOf('my-job!'));
  });
});

describe('jobSpecOf', () => {
  it('refuses a job without an ID, and lists every problem found', () => {
    expect(() => jobSpecOf({ Name: 'x' })).toThrow(expect.objectContaining({ status: 400, message: 'Job ID must be specified' }));
    expect(() => jobSpecOf({ ID: 'x', Priority: 'high', Datacenters: 'dc1' })).toThrow(expect.objectContaining({
      status: 400, message: 'Invalid job:\n* Job.Priority: expected an integer, got string\n* Job.Datacenters: expected a list of strings, got string',
    }));
  });
});
