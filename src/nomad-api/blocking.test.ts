import { describe, expect, it } from '@jest/globals';
import type { WatchOutcome } from '../k8s/caller.js';
import { answer } from './blocking.js';
import type { Cluster } from './cluster.js';
import type { ApiReply, ApiRequest } from './context.js';

/** A request whose cluster only records watches and answers them with `outcome`. */
function request(query: string, outcome: WatchOutcome): { req: ApiRequest; watches: Array<[string, string, number]>; signals: Array<AbortSignal | undefined> } {
  const watches: Array<[string, string, number]> = [];
  const signals: Array<AbortSignal | undefined> = [];
  const watch = async (path: string, rv: string, wait: number, signal?: AbortSignal): Promise<WatchOutcome> => {
    watches.push([path, rv, wait]);
    signals.push(signal);
    return outcome;
  };
  const cluster = { watch } as unknown as Cluster;
  const req = { method: 'GET', params: {}, query: new URLSearchParams(query), body: undefined, rawBody: '', cluster, settings: {} as ApiRequest['settings'], signal: new AbortController().signal };
  return { req, watches, signals };
}

/** A handler answering index 10 first, then 12 (the object changed). */
function handler(): () => Promise<ApiReply> {
  let calls = 0;
  return async () => ({ body: ++calls, index: calls === 1 ? 10 : 12, watch: { path: '/apis/x', resourceVersion: '15' } });
}

describe('blocking queries', () => {
  it('answer at once when the index is above the one asked for', async () => {
    const { req, watches } = request('index=9', { kind: 'timeout' });
    expect(await answer(req, handler())).toMatchObject({ body: 1, index: 10 });
    expect(watches).toEqual([]);
  });

  it('wait on the collection from the resourceVersion read, then answer again with the later index', async () => {
    const { req, watches } = request('index=10&wait=30s', { kind: 'event', type: 'MODIFIED', resourceVersion: '16' });
    expect(await answer(req, handler())).toMatchObject({ body: 2, index: 16 }); // max(handler 12, event 16)
    expect(watches).toEqual([['/apis/x', '15', 30_000]]);
  });

  it('answer the unchanged state when the wait ends, and cap the wait at 10 minutes', async () => {
    const { req, watches } = request('index=10&wait=1h', { kind: 'timeout' });
    expect(await answer(req, handler())).toMatchObject({ body: 1, index: 10 });
    expect(watches[0]?.[2]).toBe(600_000);
  });

  it("stop waiting when the client goes away (the request's signal reaches the watch)", async () => {
    const { req, signals } = request('index=10', { kind: 'timeout' });
    await answer(req, handler());
    expect(signals).toEqual([req.signal]);
  });

  it('do not block without an index, or on writes', async () => {
    const plain = request('', { kind: 'timeout' });
    await answer(plain.req, handler());
    const write = request('index=10', { kind: 'timeout' });
    await answer({ ...write.req, method: 'PUT' }, handler());
    expect([plain.watches, write.watches]).toEqual([[], []]);
  });
});
