import { describe, expect, it, jest } from '@jest/globals';
import { decide, expiry, microTime, releasedSpec, runWithLeaderElection, type Lease, type LeaseClient, type LeaseSpec, type WriteResult } from './leader-election.js';
import { KubeConfig } from '@kubernetes/client-node';

const T0 = new Date('2025-03-01T12:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);
const held = (holder: string, renewedAt: number, duration = 15, transitions = 0): LeaseSpec => ({
  holderIdentity: holder, leaseDurationSeconds: duration, acquireTime: microTime(at(0)), renewTime: microTime(at(renewedAt)), leaseTransitions: transitions,
});

describe('microTime', () => {
  it('writes RFC 3339 with six fractional digits, as metav1.MicroTime', () => {
    expect(microTime(new Date('2025-03-01T12:00:00.123Z'))).toBe('2025-03-01T12:00:00.123000Z');
  });
});

describe('decide', () => {
  it.each([
    // [case, lease, identity, now (s), expected action, holder after]
    ['creates the lease when there is none', undefined, 'a', 0, 'acquire', 'a'],
    ['renews its own lease', held('a', 0), 'a', 5, 'renew', 'a'],
    ['renews its own lease even after it expired (nobody took it)', held('a', 0), 'a', 60, 'renew', 'a'],
    // renewTime 0 + 15 s = 15 s, not yet < now at 14 s
    ['follows a live leader', held('b', 0), 'a', 14, 'follow', 'b'],
    // 0 + 15 = 15, not < 15: still valid at exactly the expiry instant
    ['follows at the expiry instant', held('b', 0), 'a', 15, 'follow', 'b'],
    // 0 + 15 = 15 < 15.001
    ['takes over once renewTime + duration < now', held('b', 0), 'a', 15.001, 'acquire', 'a'],
    ['takes over a released lease at once', releasedSpec(held('b', 10), at(10)), 'a', 10.5, 'acquire', 'a'],
    ['takes over a lease with an empty holder', { ...held('', 0) }, 'a', 1, 'acquire', 'a'],
  ] as const)('%s', (_name, lease, identity, now, action, holder) => {
    const d = decide(lease, identity, at(now), 15);
    expect(d.action).toBe(action);
    if (d.action === 'follow') expect(d.holder).toBe(holder);
    else expect(d.spec.holderIdentity).toBe(holder);
  });

  it('counts a transition when the lease changes hands, and stamps acquire and renew times', () => {
    const d = decide(held('b', 0, 15, 3), 'a', at(20), 15);
    expect(d).toEqual({ action: 'acquire', spec: {
      holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: '2025-03-01T12:00:20.000000Z', renewTime: '2025-03-01T12:00:20.000000Z', leaseTransitions: 4,
    } });
  });

  it('keeps acquireTime and transitions on renewal', () => {
    const d = decide(held('a', 0, 15, 2), 'a', at(2), 15);
    expect(d).toMatchObject({ action: 'renew', spec: { acquireTime: microTime(at(0)), renewTime: microTime(at(2)), leaseTransitions: 2 } });
  });

  it('starts counting transitions at 0 on a fresh lease', () => {
    expect(decide(undefined, 'a', T0, 15)).toMatchObject({ spec: { leaseTransitions: 0 } });
  });

  it('measures expiry from renewTime plus the lease duration', () => {
    expect(expiry(held('b', 4, 15)).toISOString()).toBe(at(19).toISOString());
  });
});

/** An in-memory Lease with resourceVersion checks, shared by simulated replicas. */
function memoryLease(): { client: LeaseClient; state: { lease?: Lease }; fail: { on: boolean } } {
  const state: { lease?: Lease } = {};
  const fail = { on: false };
  let rv = 0;
  const write = (spec: LeaseSpec): WriteResult => {
    state.lease = { metadata: { name: 'l', namespace: 'ns', resourceVersion: String(++rv) }, spec: structuredClone(spec) };
    return 'ok';
  };
  const client: LeaseClient = {
    get: async () => {
      if (fail.on) throw new Error('connection refused');
      return state.lease && structuredClone(state.lease);
    },
    create: async (spec) => (fail.on ? 'error' : state.lease ? 'conflict' : write(spec)),
    update: async (lease, spec) => {
      if (fail.on) return 'error';
      return lease.metadata.resourceVersion === state.lease?.metadata.resourceVersion ? write(spec) : 'conflict';
    },
  };
  return { client, state, fail };
}

describe('runWithLeaderElection', () => {
  const kc = new KubeConfig();
  const fast = { leaseName: 'l', namespace: 'ns', leaseDurationSeconds: 0.3, renewDeadlineSeconds: 0.2, retryPeriodSeconds: 0.02 };

  it('elects exactly one of two candidates and hands over when the leader shuts down (releasing the lease)', async () => {
    const { client, state } = memoryLease();
    const started: string[] = [];
    const stopA = new AbortController();
    const stopB = new AbortController();
    const a = runWithLeaderElection(kc, { ...fast, identity: 'a', client, signal: stopA.signal }, () => void started.push('a'), () => undefined);
    await new Promise((r) => setTimeout(r, 50));
    const b = runWithLeaderElection(kc, { ...fast, identity: 'b', client, signal: stopB.signal }, () => void started.push('b'), () => undefined);
    await new Promise((r) => setTimeout(r, 100));
    expect(started).toEqual(['a']);
    stopA.abort();
    await a;
    expect(state.lease?.spec).toMatchObject({ holderIdentity: expect.any(String), leaseDurationSeconds: expect.any(Number) });
    // A released the lease on shutdown: it is empty, or b already took it (b retries every 20 ms). Never still a.
    expect(['', 'b']).toContain(state.lease?.spec?.holderIdentity);
    await new Promise((r) => setTimeout(r, 100));
    expect(started).toEqual(['a', 'b']);
    expect(state.lease?.spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    stopB.abort();
    await b;
    expect(state.lease?.spec?.holderIdentity).toBe('');
  });

  it('stops leading and calls onStoppedLeading when it cannot renew within the renew deadline', async () => {
    const { client, fail } = memoryLease();
    const stopped = jest.fn();
    let leaderSignal: AbortSignal | undefined;
    const run = runWithLeaderElection(kc, { ...fast, identity: 'a', client }, (s) => {
      leaderSignal = s;
    }, stopped);
    await new Promise((r) => setTimeout(r, 50));
    expect(leaderSignal?.aborted).toBe(false);
    fail.on = true;
    await run;
    expect(leaderSignal?.aborted).toBe(true);
    expect(stopped).toHaveBeenCalledTimes(1);
  });

  it('stops leading when another replica holds the lease', async () => {
    const { client, state } = memoryLease();
    const stopped = jest.fn();
    const run = runWithLeaderElection(kc, { ...fast, identity: 'a', client }, () => undefined, stopped);
    await new Promise((r) => setTimeout(r, 50));
    state.lease = { metadata: { name: 'l', namespace: 'ns', resourceVersion: 'x' }, spec: { holderIdentity: 'b', leaseDurationSeconds: 15, renewTime: microTime(new Date()) } };
    await run;
    expect(stopped).toHaveBeenCalledTimes(1);
  });
});
