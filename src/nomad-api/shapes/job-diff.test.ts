import { describe, expect, it } from '@jest/globals';
import { jobDiff } from './job-diff.js';

const v0 = { ID: 'web', Priority: 50, Datacenters: ['dc1'], Version: 0, TaskGroups: [{ Name: 'web', Count: 1, Tasks: [{ Name: 'app', Config: { image: 'nginx:1' } }] }] };

describe('api.JobDiff between two versions', () => {
  it('is None for the same job, whatever the server-filled fields say', () => {
    expect(jobDiff(v0, { ...v0, Version: 3, ModifyIndex: 9 })).toMatchObject({ Type: 'None', Fields: [], Objects: [] });
  });

  it('lists edited fields, set entries, and task changes as ObjectDiffs', () => {
    const v1 = { ...v0, Priority: 70, Datacenters: ['dc1', 'dc2'], TaskGroups: [{ Name: 'web', Count: 3, Tasks: [{ Name: 'app', Config: { image: 'nginx:2' } }] }] };
    const d = jobDiff(v0, v1) as { Type: string; Fields: unknown[]; TaskGroups: Array<{ Type: string; Fields: unknown[]; Tasks: Array<{ Type: string; Objects: unknown[] }> }> };
    expect(d.Type).toBe('Edited');
    expect(d.Fields).toEqual([
      { Type: 'Added', Name: 'Datacenters', Old: '', New: 'dc2', Annotations: null },
      { Type: 'Edited', Name: 'Priority', Old: '50', New: '70', Annotations: null },
    ]);
    expect(d.TaskGroups[0]).toMatchObject({ Type: 'Edited', Name: 'web', Fields: [{ Type: 'Edited', Name: 'Count', Old: '1', New: '3' }] });
    expect(d.TaskGroups[0]!.Tasks[0]).toMatchObject({ Type: 'Edited', Name: 'app', Objects: [{ Type: 'Edited', Name: 'Config', Fields: [{ Name: 'image', Old: 'nginx:1', New: 'nginx:2' }] }] });
  });

  it('marks a group only on one side Added or Deleted', () => {
    const v1 = { ...v0, TaskGroups: [{ Name: 'api', Count: 1, Tasks: [] }] };
    const d = jobDiff(v0, v1) as { TaskGroups: Array<{ Name: string; Type: string }> };
    expect(d.TaskGroups.map((g) => [g.Name, g.Type])).toEqual([['api', 'Added'], ['web', 'Deleted']]);
  });
});
