import { describe, expect, it } from '@jest/globals';
import type { V1Pod } from '@kubernetes/client-node';
import type { NomadJob } from '../crds/nomadjob-types.js';
import { formatAllocStatus, runAllocStatus, type AllocReader } from './alloc.js';

const job: NomadJob = {
  apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'crashy', namespace: 'default' },
  spec: { type: 'batch', groups: [{ name: 'work', tasks: [], reschedule: { attempts: 2, interval: '1h', delay: '2s', delayFunction: 'exponential', unlimited: false } }] },
};

function allocPod(id: string, generation: number, extra: { previous?: string; events?: object[]; failedAt?: string } = {}): V1Pod {
  return {
    metadata: {
      name: `crashy-work-0-abc-${generation}`, namespace: 'default', creationTimestamp: new Date('2026-01-01T00:00:00Z'),
      labels: { 'kubenomad.io/job': 'crashy', 'kubenomad.io/group': 'work', 'kubenomad.io/alloc-index': '0', 'kubenomad.io/version': 'abc', 'kubenomad.io/alloc-id': id, 'kubenomad.io/alloc-generation': String(generation) },
      annotations: {
        'kubenomad.io/alloc-name': 'crashy.work[0]',
        'kubenomad.io/restarts-exhausted': 'Task "step": Exceeded allowed attempts 1 in interval 1h and mode is "fail"',
        ...(extra.previous ? { 'kubenomad.io/previous-alloc': extra.previous } : {}),
        ...(extra.events ? { 'kubenomad.io/reschedule-events': JSON.stringify(extra.events) } : {}),
      },
      ownerReferences: [{ apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', name: 'crashy', uid: 'u' }],
    },
    spec: { nodeName: 'n1', containers: [] },
    status: {
      phase: 'Failed', reason: 'DeadlineExceeded',
      containerStatuses: [{ name: 'step', image: 'busybox', imageID: '', ready: false, restartCount: 2, state: { terminated: { exitCode: 137, finishedAt: new Date(extra.failedAt ?? '2026-01-01T00:00:10Z') } } }],
    },
  };
}

const first = allocPod('11111111-aaaa', 0);
const second = allocPod('22222222-bbbb', 1, { previous: '11111111-aaaa', events: [{ at: Date.parse('2026-01-01T00:00:12Z'), delayMs: 2000, prevAllocId: '11111111-aaaa', prevNode: 'n1' }] });

describe('formatAllocStatus', () => {
  it('shows why the allocation failed, its restarts and its reschedule history', () => {
    const text = formatAllocStatus(second, [first, second], job, { n1: 'ready' }, new Date('2026-01-01T00:00:11Z'));
    expect(text).toContain('Client Status          = failed');
    expect(text).toContain('Client Description     = Task "step": Exceeded allowed attempts 1 in interval 1h and mode is "fail"');
    expect(text).toContain('Reschedule Attempts    = 1/2');
    expect(text).toContain('Previous Allocation    = 11111111-aaaa');
    // failed at 00:00:10, one event of 2s: the next delay doubles to 4s → eligible at 00:00:14
    expect(text).toContain('Reschedule Eligibility = 2026-01-01T00:00:14.000Z');
    expect(text).toMatch(/Reschedule Events\nTime +Delay +Previous Alloc +Previous Node\n2026-01-01T00:00:12.000Z +2s +11111111 +n1/);
    expect(text).toMatch(/step +dead +2 +- +137/);
  });

  it('names the next allocation of a replaced one and no eligibility', () => {
    const text = formatAllocStatus(first, [first, second], job, { n1: 'ready' }, new Date('2026-01-01T00:00:11Z'));
    expect(text).toMatch(/Next Allocation += 22222222-bbbb/);
    expect(text).not.toContain('Reschedule Eligibility');
  });
});

describe('runAllocStatus', () => {
  const reader: AllocReader = { listPods: async () => [first, second], readJob: async () => job, listNodes: async () => [] };
  it('fails with a clear message when the prefix matches nothing or several', async () => {
    const err: string[] = [];
    const io = { out: (): void => undefined, err: (t: string): void => void err.push(t) };
    expect(await runAllocStatus('9', {}, reader, io)).toBe(1);
    expect(await runAllocStatus('', {}, reader, io)).toBe(1);
    expect(err).toEqual(['No allocation(s) with prefix or id "9" found in namespace "default"\n', 'Prefix "" matched 2 allocations: 11111111, 22222222\n']);
  });
});
