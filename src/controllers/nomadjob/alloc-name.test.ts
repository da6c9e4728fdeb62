import { describe, expect, it } from '@jest/globals';
import { allocId, allocName, labelValue, podName, type AllocIdentity } from './alloc-name.js';
import { groupVersion } from './version.js';
import { makeGroup, makeJob, redisTask } from './testing/builders.js';

const identity = (over: Partial<AllocIdentity> = {}): AllocIdentity => ({ group: 'cache', index: 3, version: 'abcdef0123', generation: 0, ...over });
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

describe('allocation names', () => {
  it("builds Nomad's alloc name <job>.<group>[<index>]", () => {
    expect(allocName('example', 'cache', 3)).toBe('example.cache[3]');
  });

  it.each([
    ['example', identity(), 'example-cache-3-abcdef0123'],
    ['example', identity({ generation: 2 }), 'example-cache-3-abcdef0123-2'],
    ['My_Job', identity({ group: 'Web.API' }), 'my-job-web-api-3-abcdef0123'],
  ])('names the pod of %s %j %s', (job, id, expected) => {
    expect(podName(job, id)).toBe(expected);
  });

  it('cuts long names to 63 characters with a hash, keeping index and version', () => {
    const long = podName('a'.repeat(80), identity({ group: 'b'.repeat(40), generation: 12 }));
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(DNS_LABEL);
    expect(long).toMatch(/-[0-9a-f]{6}-3-abcdef0123-12$/);
    expect(podName('a'.repeat(80), identity({ group: 'c'.repeat(40) }))).not.toEqual(podName('a'.repeat(80), identity({ group: 'b'.repeat(40) })));
  });

  it('names system allocations after a hash of their node', () => {
    expect(podName('example', identity({ index: 0, node: 'node-1' }))).toMatch(/^example-cache-n[0-9a-f]{8}-abcdef0123$/);
  });
});

describe('allocation ids', () => {
  it('is a deterministic UUID that changes with generation, version, index and job uid', () => {
    const base = allocId('uid-1', identity());
    expect(base).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(allocId('uid-1', identity())).toBe(base);
    const variants = [allocId('uid-1', identity({ generation: 1 })), allocId('uid-1', identity({ version: 'x' })),
      allocId('uid-1', identity({ index: 4 })), allocId('uid-2', identity())];
    expect(new Set([base, ...variants]).size).toBe(5);
  });
});

describe('label values', () => {
  it('keeps valid values and hashes invalid or long ones into valid ones', () => {
    expect(labelValue('example')).toBe('example');
    for (const text of ['batch/dispatch-1700000000-abcd1234', 'x'.repeat(100)]) {
      const value = labelValue(text);
      expect(value.length).toBeLessThanOrEqual(63);
      expect(value).toMatch(/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/);
    }
  });
});

describe('groupVersion', () => {
  const job = makeJob();
  const version = (group = makeGroup()): string => groupVersion(job.spec, group);

  it.each([
    ['count', { count: 7 }, false],
    ['reschedule policy', { reschedule: { attempts: 3 } }, false],
    ['constraints', { constraints: [{ attribute: '${attr.kernel.name}', value: 'linux' }] }, false],
    ['task env', { tasks: [redisTask({ env: { A: '1' } })] }, true],
    ['task resources', { tasks: [redisTask({ resources: { cpu: 600, memory: 256 } })] }, true],
    ['group meta', { meta: { a: 'b' } }, true],
    ['kubernetes extension', { kubernetes: { serviceAccountName: 'x' } }, true],
  ])('changing %s replaces allocations: %s', (_what, change, replaces) => {
    expect(version(makeGroup(change)) !== version()).toBe(replaces);
  });
});
