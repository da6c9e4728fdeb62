import { describe, expect, it } from '@jest/globals';
import type { NomadJob, NomadJobSpec } from '../../crds/nomadjob-types.js';
import { specHash } from '../../controllers/nomadjob/job-version.js';
import { nsToDuration, durationToNs } from './duration.js';
import { apiJob, specFromApiJob } from './job.js';
import type { Conversion } from './table.js';

const spec: NomadJobSpec = {
  id: 'example', type: 'service', datacenters: ['dc1'],
  update: { maxParallel: 1, minHealthyTime: '10s', healthyDeadline: '3m0s' },
  groups: [{
    name: 'cache', count: 1,
    networks: [{ ports: [{ label: 'admin', static: 8080 }, { label: 'db', to: 6379 }] }],
    volumes: [{ name: 'data', type: 'host', source: 'redis' }],
    tasks: [{ name: 'redis', driver: 'docker', config: { image: 'redis:3.2' }, resources: { cpu: 500, memory: 256 }, killTimeout: '20s' }],
  }],
  periodic: { cron: '0 * * * * *', prohibitOverlap: true },
};
const job: NomadJob = { apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'example', namespace: 'apps', resourceVersion: '42', generation: 3 }, spec, status: { jobVersion: 2, specHash: specHash(spec) } };

describe('api.Job ↔ NomadJob spec', () => {
  it('writes Nomad names, nanosecond durations and ports split into reserved and dynamic', () => {
    const out = apiJob(job, { defaultNamespace: 'default' }) as { Update: unknown; TaskGroups: Array<{ Networks: unknown[]; Volumes: unknown; Tasks: unknown[] }> };
    expect(out).toMatchObject({ ID: 'example', Namespace: 'apps', Version: 2, ModifyIndex: 42, Priority: 50, Periodic: { Spec: '0 * * * * *', SpecType: 'cron', ProhibitOverlap: true } });
    expect(out.Update).toMatchObject({ MinHealthyTime: 10e9, HealthyDeadline: 180e9 });
    const group = out.TaskGroups[0]!;
    expect(group.Networks[0]).toMatchObject({ ReservedPorts: [{ Label: 'admin', Value: 8080 }], DynamicPorts: [{ Label: 'db', To: 6379 }] });
    expect(group.Volumes).toEqual({ data: expect.objectContaining({ Name: 'data', Type: 'host', Source: 'redis' }) });
    expect(group.Tasks[0]).toMatchObject({ Resources: { CPU: 500, MemoryMB: 256 }, KillTimeout: 20e9 });
  });

  it('reads back what it writes (server-set fields dropped)', () => {
    const ctx: Conversion = { errors: [], warnings: [] };
    const back = specFromApiJob(JSON.parse(JSON.stringify(apiJob(job, { defaultNamespace: 'default' }))), ctx);
    expect(ctx).toEqual({ errors: [], warnings: [] });
    expect(back).toMatchObject({ ...spec, update: { maxParallel: 1, minHealthyTime: '10s', healthyDeadline: '3m0s' } });
  });

  it('warns about Nomad fields kubenomad ignores and refuses unknown fields and wrong types, with their paths', () => {
    const ctx: Conversion = { errors: [], warnings: [] };
    specFromApiJob({ ID: 'x', Multiregion: { Strategy: { MaxParallel: 1 } }, Bogus: 1, TaskGroups: [{ Name: 'g', Count: '3', Tasks: [{ Name: 't', LogConfig: { MaxFiles: 3 } }] }] }, ctx);
    expect(ctx.warnings).toEqual(['Job.Multiregion is not supported by kubenomad and was ignored', 'Job.TaskGroups[0].Tasks[0].LogConfig is not supported by kubenomad and was ignored']);
    expect(ctx.errors).toEqual(['Job.Bogus: unknown field', 'Job.TaskGroups[0].Count: expected an integer, got string']);
  });

  it('ignores unset values the Go client always sends (null, "", zero)', () => {
    const ctx: Conversion = { errors: [], warnings: [] };
    expect(specFromApiJob({ ID: 'x', Multiregion: null, UI: null, ConsulNamespace: '', Status: 'running', Unknown: null }, ctx)).toEqual({ id: 'x' });
    expect(ctx).toEqual({ errors: [], warnings: [] });
  });
});

describe('durations', () => {
  it.each([[0, '0s'], [500e6, '500ms'], [30e9, '30s'], [90e9, '1m30s'], [3600e9, '1h0m0s'], [1500, '1.5us']])('%d ns is %s and back', (ns, text) => {
    expect(nsToDuration(ns)).toBe(text);
    expect(durationToNs(text)).toBe(ns);
  });
});
