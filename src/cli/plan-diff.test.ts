import { describe, expect, it } from '@jest/globals';
import type { NomadJobSpec, TaskGroup } from '../crds/nomadjob-types.js';
import { formatJobDiff, formatUpdates, matches } from './plan-diff.js';

const group = (count: number, image = 'redis:3.2'): TaskGroup => ({ name: 'cache', count, tasks: [{ name: 'redis', driver: 'docker', config: { image } }] });
const job = (g: TaskGroup): NomadJobSpec => ({ type: 'service', datacenters: ['dc1'], groups: [g] });
const none = { create: 0, destroy: 0, inPlace: 0, destructive: 0, ignore: 0 };

describe('formatJobDiff', () => {
  it('shows a new job as seed 001 does', () => {
    expect(formatJobDiff('example', undefined, job(group(1)), { cache: { ...none, create: 1 } })).toBe(
      '+ Job: "example"\n+ Task Group: "cache" (1 create)\n  + Task: "redis" (forces create)',
    );
  });

  it('shows a count increase with creates and in-place updates (seed 001: 1 → 15)', () => {
    const stored = { ...job(group(1)), priority: 50, nodePool: 'default' }; // CRD defaults are not removals
    expect(formatJobDiff('example', stored, job(group(15)), { cache: { ...none, create: 14, inPlace: 1 } })).toBe(
      '+/- Job: "example"\n+/- Task Group: "cache" (14 create, 1 in-place update)\n  +/- Count: "1" => "15" (forces create)\n      Task: "redis"',
    );
  });

  it('marks a changed task as a create/destroy update when the planner replaces allocations', () => {
    const out = formatJobDiff('example', job(group(2)), job(group(2, 'redis:7')), { cache: { ...none, destructive: 2 } });
    expect(out).toBe('+/- Job: "example"\n+/- Task Group: "cache" (2 create/destroy update)\n  +/- Task: "redis" (forces create/destroy update)');
  });

  it('shows job field changes and an unchanged job', () => {
    expect(formatJobDiff('e', { ...job(group(1)), priority: 50 }, { ...job(group(1)), priority: 70 }, {})).toBe(
      '+/- Job: "e"\n+/- Priority: "50" => "70"\nTask Group: "cache"\n  Task: "redis"',
    );
    expect(formatJobDiff('e', job(group(1)), job(group(1)), { cache: { ...none, ignore: 1 } })).toBe('Job: "e"\nTask Group: "cache" (1 ignore)\n  Task: "redis"');
  });
});

describe('formatUpdates', () => {
  it('lists non-zero counts sorted by label', () => {
    expect(formatUpdates({ create: 35, destroy: 1, inPlace: 15, destructive: 2, ignore: 0 })).toBe(' (35 create, 2 create/destroy update, 1 destroy, 15 in-place update)');
    expect(formatUpdates({ create: 0, destroy: 0, inPlace: 0, destructive: 0, ignore: 3, canary: 1 })).toBe(' (1 canary, 3 ignore)');
  });
});

describe('matches', () => {
  it('treats fields only the stored object has as defaults', () => {
    expect(matches({ a: 1, b: [{ c: 2 }] }, { a: 1, b: [{ c: 2, d: 3 }], e: 4 })).toBe(true);
    expect(matches({ a: 1 }, { a: 2 })).toBe(false);
    expect(matches([1, 2], [1])).toBe(false);
  });
});
