import { describe, expect, it } from '@jest/globals';
import type { Task, TaskGroup } from '../../crds/nomadjob-types.js';
import { groupVersion } from './version.js';
import { makeGroup, makeJob, redisTask } from './testing/builders.js';

const version = (group: TaskGroup, priority?: number): string => groupVersion(makeJob({ priority, groups: [group] }).spec, group);
const withTask = (change: Partial<Task>): TaskGroup => makeGroup({ tasks: [redisTask(change)] });

describe('groupVersion: destructive vs in-place (Nomad tasksUpdated)', () => {
  const base = version(makeGroup());

  it.each<[string, TaskGroup]>([
    ['count', makeGroup({ count: 7 })],
    ['update block', makeGroup({ update: { maxParallel: 3, canary: 1 } })],
    ['migrate block', makeGroup({ migrate: { maxParallel: 2 } })],
    ['reschedule block', makeGroup({ reschedule: { attempts: 3 } })],
    ['group constraints', makeGroup({ constraints: [{ attribute: '${attr.kernel.name}', value: 'linux' }] })],
    ['group services', makeGroup({ services: [{ name: 'cache', tags: ['v2'] }] })],
    ['task service tags', withTask({ services: [{ name: 'redis', tags: ['blue'] }] })],
    ['task constraints', withTask({ constraints: [{ attribute: '${node.class}', value: 'fast' }] })],
    ['task restart attempts', withTask({ restart: { attempts: 5 } })],
    ['task leader', withTask({ leader: true })],
  ])('%s is updated in place (same version)', (_, group) => {
    expect(version(group)).toBe(base);
  });

  it('job priority is updated in place', () => {
    expect(version(makeGroup(), 90)).toBe(base);
  });

  it.each<[string, TaskGroup]>([
    ['image', withTask({ config: { image: 'redis:8', ports: ['db'] } })],
    ['env', withTask({ env: { A: '1' } })],
    ['resources', withTask({ resources: { cpu: 600, memory: 256 } })],
    ['task meta', withTask({ meta: { a: 'b' } })],
    ['templates', withTask({ templates: [{ data: 'x', destination: 'local/x' }] })],
    ['restart render_templates', withTask({ restart: { renderTemplates: true } })],
    ['kill_timeout (the pod\'s grace period)', withTask({ killTimeout: '30s' })],
    ['networks', makeGroup({ networks: [{ ports: [{ label: 'db', static: 6379 }] }] })],
  ])('%s is destructive (new version)', (_, group) => {
    expect(version(group)).not.toBe(base);
  });
});

describe('version hash and what the pod carries (probes, restart policy)', () => {
  const svc = (tags: string[], path = '/health'): TaskGroup => makeGroup({
    services: [{ name: 'web', port: 'http', tags, checks: [{ type: 'http', path, interval: '10s', timeout: '2s' }] }],
  });
  it('keeps the version when only service tags change (registration, in place)', () => {
    const spec = makeJob().spec;
    expect(groupVersion(spec, svc(['a']))).toBe(groupVersion(spec, svc(['b'])));
  });
  it('changes the version when a check changes (it is the pod\'s readiness probe)', () => {
    const spec = makeJob().spec;
    expect(groupVersion(spec, svc(['a'], '/health'))).not.toBe(groupVersion(spec, svc(['a'], '/ready')));
  });
  it('changes the version when the restart block forbids every restart (restartPolicy Never)', () => {
    const spec = makeJob().spec;
    const group = makeGroup();
    expect(groupVersion(spec, group)).not.toBe(groupVersion(spec, { ...group, restart: { attempts: 0, mode: 'fail' } }));
  });
});
