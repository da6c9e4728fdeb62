// job inspect / validate / stop, children of parents in status, and alloc status, against in-memory fakes.
import { describe, expect, it } from '@jest/globals';
import type { V1Pod } from '@kubernetes/client-node';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NomadJob } from '../crds/nomadjob-types.js';
import { allocView, formatAlloc } from './alloc-view.js';
import { childrenOf, formatChildren } from './children.js';
import type { Io } from './convert.js';
import { runInspect, runStop, runValidate, type JobStopper } from './job-manage.js';

function buffers(): Io & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => (out += t), err: (t) => (err += t), stdout: () => out, stderr: () => err };
}

const job = (name: string, extra: Partial<NomadJob['spec']> = {}, labels?: Record<string, string>, status?: string, created = '2026-01-01T00:00:00Z'): NomadJob => ({
  apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob',
  metadata: { name, namespace: 'ns', creationTimestamp: created, ...(labels ? { labels } : {}) },
  spec: { id: name, type: 'batch', groups: [], ...extra },
  ...(status ? { status: { status } as NomadJob['status'] } : {}),
});

describe('job inspect', () => {
  it('prints {"Job": …} JSON, a -t template, or not found', async () => {
    const io = buffers();
    const read = async (_ns: string, name: string): Promise<NomadJob | undefined> => (name === 'web' ? job('web') : undefined);
    expect(await runInspect('web', { namespace: 'ns' }, read, io)).toBe(0);
    expect(JSON.parse(io.stdout())).toEqual({ Job: job('web') });
    const t = buffers();
    expect(await runInspect('web', { namespace: 'ns', t: '{{ .spec.type }}' }, read, t)).toBe(0);
    expect(t.stdout()).toBe('batch\n');
    const missing = buffers();
    expect(await runInspect('nope', { namespace: 'ns' }, read, missing)).toBe(1);
    expect(missing.stderr()).toBe('No job(s) with prefix or id "nope" found in namespace "ns"\n');
  });
});

describe('job validate', () => {
  const file = (text: string): string => {
    const p = join(mkdtempSync(join(tmpdir(), 'validate-')), 'j.nomad');
    writeFileSync(p, text);
    return p;
  };

  it('accepts a valid jobspec', async () => {
    const io = buffers();
    expect(await runValidate(file('job "j" {\n  group "g" {\n    task "t" {\n      driver = "exec"\n    }\n  }\n}\n'), {}, io)).toBe(0);
    expect(io.stdout()).toBe('Job validation successful\n');
  });

  it('reports what the schema rejects after translation, as Nomad lists errors', async () => {
    const io = buffers();
    // 100,001 is over the schema's count maximum.
    expect(await runValidate(file('job "j" {\n  group "g" {\n    count = 100001\n    task "t" {\n      driver = "exec"\n    }\n  }\n}\n'), {}, io)).toBe(1);
    expect(io.stderr()).toMatch(/^Job validation errors:\n1 error occurred:\n\t\* spec\.groups\[0\]\.count/);
  });
});

describe('job stop', () => {
  function fake(): JobStopper & { calls: string[] } {
    const calls: string[] = [];
    return { calls, read: async (_ns, name) => (name === 'web' ? job('web') : undefined), stop: async (ns, n) => void calls.push(`stop ${ns}/${n}`), purge: async (ns, n) => void calls.push(`purge ${ns}/${n}`) };
  }

  it('marks the job stopped, or purges it with --purge', async () => {
    const api = fake();
    expect(await runStop('web', { namespace: 'ns' }, api, buffers())).toBe(0);
    expect(await runStop('web', { namespace: 'ns', purge: true }, api, buffers())).toBe(0);
    expect(api.calls).toEqual(['stop ns/web', 'purge ns/web']);
  });

  it('fails on a job that does not exist, writing nothing', async () => {
    const api = fake();
    expect(await runStop('nope', { namespace: 'ns' }, api, buffers())).toBe(1);
    expect(api.calls).toEqual([]);
  });
});

describe('children of a parent job', () => {
  const parent = job('backup', { periodic: { cron: '@daily' } });
  const kids = [
    job('backup-periodic-1', {}, { 'kubenomad.io/parent-job': 'backup' }, 'dead', '2026-01-01T00:00:00Z'),
    job('backup-periodic-2', {}, { 'kubenomad.io/parent-job': 'backup' }, 'running', '2026-01-02T00:00:00Z'),
    job('other', {}, { 'kubenomad.io/parent-job': 'other-parent' }, 'running'),
  ];

  it('are the jobs labelled with the parent, newest first, summarised by status', () => {
    const children = childrenOf(parent, [parent, ...kids]);
    expect(children.map((c) => c.metadata.name)).toEqual(['backup-periodic-2', 'backup-periodic-1']);
    const [summary, list] = formatChildren(parent, children);
    expect(summary).toBe('Children Job Summary\nPending  Running  Dead\n0        1        1');
    expect(list).toMatch(/^Previously Launched Jobs\nID +Status +Submit Date\nbackup-periodic-2 +running /);
  });

  it('says so when a parameterized job has no dispatched instances', () => {
    expect(formatChildren(job('ping', { parameterized: {} }), [])[1]).toBe('Dispatched Jobs\nNo dispatched instances of parameterized job found');
  });
});

describe('alloc status', () => {
  const pod: V1Pod = {
    metadata: {
      name: 'web-g-0-abc', namespace: 'ns', creationTimestamp: new Date('2026-01-01T00:00:00Z'),
      labels: { 'kubenomad.io/alloc-id': 'abcd-1234', 'kubenomad.io/job': 'web', 'kubenomad.io/group': 'g', 'kubenomad.io/version': 'v1' },
      annotations: { 'kubenomad.io/alloc-name': 'web.g[0]' },
    },
    spec: { nodeName: 'n1', containers: [{ name: 'redis' }, { name: 'side' }] },
    status: { phase: 'Running', containerStatuses: [{ name: 'redis', ready: true, restartCount: 2, image: 'x', imageID: 'x', state: { running: {} } }] },
  } as V1Pod;

  it('shows the allocation as Nomad names its fields, tasks with their states', () => {
    const view = allocView(pod, { n1: 'ready' });
    expect(view).toMatchObject({ ID: 'abcd-1234', Name: 'web.g[0]', NodeName: 'n1', JobID: 'web', TaskGroup: 'g', ClientStatus: 'running', DesiredStatus: 'run' });
    expect(view.TaskStates).toEqual({ redis: { State: 'running', Restarts: 2 }, side: { State: 'pending', Restarts: 0 } });
    expect(formatAlloc(view)).toContain('Client Status  = running\n');
    expect(formatAlloc(view)).toMatch(/Tasks\nName +State +Restarts +Exit Code\nredis +running +2/);
  });
});
