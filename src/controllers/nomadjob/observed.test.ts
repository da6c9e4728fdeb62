import { describe, expect, it } from '@jest/globals';
import { allocStatus, finishedAt, observePod, toAlloc } from './observed.js';
import { planJob } from './plan.js';
import { NOW, makeJob, planInput, podFor } from './testing/builders.js';

describe('observePod', () => {
  it('reads a client-node style pod with Date timestamps and terminated containers', () => {
    const pod = observePod({
      metadata: { name: 'p', labels: { a: 'b' }, creationTimestamp: NOW },
      spec: { nodeName: 'n1' },
      status: { phase: 'Failed', containerStatuses: [{ name: 'redis', restartCount: 2, state: { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: NOW } } }] },
    });
    expect(pod).toMatchObject({
      name: 'p', nodeName: 'n1', phase: 'Failed', creationTimestamp: NOW.toISOString(),
      containers: [{ name: 'redis', restartCount: 2, exitCode: 137, reason: 'OOMKilled', finishedAt: NOW.toISOString() }],
    });
    expect(finishedAt(pod)).toBe(NOW.getTime());
  });
});

describe('allocStatus', () => {
  const job = makeJob();
  const alloc = planJob(planInput(job)).create[0]!;
  const nodes = { n1: 'ready', n2: 'not-ready' } as const;

  it.each([
    ['unbound pending → queued', podFor(job, alloc), 'queued'],
    ['bound pending → starting', podFor(job, alloc).on('n1'), 'starting'],
    ['running → running', podFor(job, alloc).on('n1').running(), 'running'],
    ['succeeded → complete', podFor(job, alloc).on('n1').succeeded(), 'complete'],
    ['failed → failed', podFor(job, alloc).on('n1').failed(), 'failed'],
    ['running on a NotReady node → lost', podFor(job, alloc).on('n2').running(), 'lost'],
    ['running on a gone node → lost', podFor(job, alloc).on('n9').running(), 'lost'],
  ])('%s', (_name, builder, expected) => {
    expect(allocStatus(builder.build(), nodes)).toBe(expected);
  });

  it('parses the identity of an allocation pod and ignores other pods', () => {
    expect(toAlloc(podFor(job, alloc).build())).toMatchObject({ group: 'cache', index: 0, generation: 0, allocId: alloc.allocId });
    expect(toAlloc({ name: 'x', labels: {}, annotations: {}, containers: [] })).toBeNull();
  });
});
