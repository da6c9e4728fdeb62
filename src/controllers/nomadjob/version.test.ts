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
