import { describe, expect, it } from '@jest/globals';
import { Fence, FencedError, fencedApi } from './fence.js';
import type { KubeApi } from '../k8s/api.js';

describe('Fence', () => {
  it('allows writes only until the renew deadline after the start of the last renew (monotonic clock)', () => {
    let now = 0;
    const fence = new Fence(() => now);
    expect(fence.allows()).toBe(false); // never elected
    fence.renewed(1_000, 10_000);
    now = 10_999;
    expect(fence.allows()).toBe(true);
    now = 11_000; // a pause past the deadline: closed before any renew loop runs
    expect(fence.allows()).toBe(false);
  });

  it('stays closed once revoked, whatever renew arrives late', () => {
    const fence = new Fence(() => 0);
    fence.renewed(0, 10_000);
    fence.revoke();
    fence.renewed(0, 10_000);
    expect(fence.allows()).toBe(false);
  });

  it('refuses every write of the API behind it and lets reads through', async () => {
    const calls: string[] = [];
    const names = ['listPods', 'listNodes', 'createPod', 'bindPod', 'deletePod', 'evictPod', 'patchStatus', 'patchMetadata', 'replaceSpec', 'createCustom', 'deleteCustom', 'event'];
    const api = Object.fromEntries(names.map((n) => [n, async () => { calls.push(n); return { items: [] }; }])) as unknown as KubeApi;
    const fence = new Fence(() => 0);
    const fenced = fencedApi(api, fence);
    await expect(fenced.createPod('ns', {})).rejects.toBeInstanceOf(FencedError);
    await expect(fenced.patchStatus('nomadjobs', 'ns', 'j', {})).rejects.toThrow('does not hold the leader lease');
    await expect(fenced.replaceSpec('nomadjobs', 'ns', 'j', {})).rejects.toBeInstanceOf(FencedError);
    await fenced.listPods();
    expect(calls).toEqual(['listPods']);
  });
});
