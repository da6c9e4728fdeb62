import { describe, expect, it } from '@jest/globals';
import type { Node } from '../../placement/types.js';
import { graceRecheckMs, nodeLiveness } from './node-lost.js';
import type { ObservedPod } from './observed.js';
import { makeNode } from './testing/builders.js';

const node = (name: string, ready: boolean, notReadySinceMs?: number): Node => ({
  fingerprint: makeNode(name), allocatable: { cpu: 4000, memory: 4096, disk: 0, cores: 4, pods: 110, extended: {} },
  ready, schedulable: true, ...(notReadySinceMs !== undefined ? { notReadySinceMs } : {}),
});
const pod = (name: string, nodeName: string): ObservedPod => ({ name, nodeName, labels: {}, annotations: {}, containers: [] });

describe('nodeLiveness', () => {
  // NotReady at t=100s, grace 10s: still counted ready until 110s, down from then.
  const nodes = [node('a', true), node('b', false, 100_000), node('c', false)];

  it('counts a NotReady node as ready within the grace and remembers when the grace ends', () => {
    expect(nodeLiveness(nodes, 105_000, 10_000)).toEqual({ states: { a: 'ready', b: 'ready', c: 'not-ready' }, downSince: { c: -Infinity }, graceEnds: { b: 110_000 } });
  });

  it('counts it down once the grace is over, since the end of the grace', () => {
    expect(nodeLiveness(nodes, 110_000, 10_000)).toMatchObject({ states: { b: 'not-ready' }, downSince: { b: 110_000 } });
  });

  it('asks for a reconcile when the grace ends on a node holding the job', () => {
    const liveness = nodeLiveness(nodes, 105_000, 10_000);
    expect(graceRecheckMs(liveness, [pod('p', 'a'), pod('q', 'b')], 105_000)).toBe(5_000);
    expect(graceRecheckMs(liveness, [pod('p', 'a')], 105_000)).toBeUndefined();
  });
});
