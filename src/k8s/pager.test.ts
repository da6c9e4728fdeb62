import { describe, expect, it } from '@jest/globals';
import { ApiException } from '@kubernetes/client-node';
import { listAllPages, type ListPage, type PageRequest } from './pager.js';

type Item = { name: string };

/** A fake list endpoint over `n` items at resourceVersion "7"; records every request. */
function endpoint(n: number, opts: { expireAfter?: number; rawContinue?: boolean } = {}) {
  const all = Array.from({ length: n }, (_, i) => ({ name: `p${i}` }));
  const requests: PageRequest[] = [];
  let pages = 0;
  const fetchPage = async (page: PageRequest): Promise<ListPage<Item>> => {
    requests.push(page);
    if (page._continue && opts.expireAfter !== undefined && pages >= opts.expireAfter) {
      throw new ApiException(410, 'Gone', '{"reason":"Expired","message":"continue token too old"}', {});
    }
    pages++;
    const start = page._continue ? Number(page._continue) : 0;
    const end = page.limit ? Math.min(n, start + page.limit) : n;
    const token = end < n ? String(end) : undefined;
    const metadata = opts.rawContinue ? { resourceVersion: '7', continue: token } : { resourceVersion: '7', _continue: token };
    return { kind: 'PodList', metadata, items: all.slice(start, end) };
  };
  return { fetchPage, requests };
}

describe('listAllPages', () => {
  it('asks for pages of the page size and concatenates them in order', async () => {
    const e = endpoint(1201);
    const list = await listAllPages(e.fetchPage, 500);
    // 1201 items at 500 a page: 500 + 500 + 201
    expect(e.requests).toEqual([{ limit: 500 }, { limit: 500, _continue: '500' }, { limit: 500, _continue: '1000' }]);
    expect(list.items.map((i) => i.name)).toEqual(Array.from({ length: 1201 }, (_, i) => `p${i}`));
    expect(list.metadata).toEqual({ resourceVersion: '7' });
    expect(list.kind).toBe('PodList');
  });

  it('maps each page as it arrives, before the next page is asked for (one page of whole objects alive at a time)', async () => {
    const e = endpoint(1201);
    const mappedWhenAsked: number[] = [];
    let mapped = 0;
    const fetchPage = (page: PageRequest): Promise<ListPage<Item>> => {
      mappedWhenAsked.push(mapped);
      return e.fetchPage(page);
    };
    const list = await listAllPages(fetchPage, 500, (item: Item) => (mapped++, { name: item.name.toUpperCase() }));
    expect(mappedWhenAsked).toEqual([0, 500, 1000]);
    expect(list.items.map((i) => i.name)).toEqual(Array.from({ length: 1201 }, (_, i) => `P${i}`));
  });

  it('returns a single page as it came', async () => {
    const e = endpoint(3);
    const list = await listAllPages(e.fetchPage, 500);
    expect(e.requests).toHaveLength(1);
    expect(list.items).toHaveLength(3);
  });

  it('reads the continue token of raw (custom object) lists too', async () => {
    const e = endpoint(5, { rawContinue: true });
    expect((await listAllPages(e.fetchPage, 2)).items).toHaveLength(5);
    expect(e.requests).toHaveLength(3);
  });

  it('falls back to one full list when the continue token expires', async () => {
    const e = endpoint(10, { expireAfter: 1 });
    const list = await listAllPages(e.fetchPage, 4);
    expect(e.requests).toEqual([{ limit: 4 }, { limit: 4, _continue: '4' }, {}]);
    expect(list.items).toHaveLength(10);
  });

  it('passes on other errors', async () => {
    const failing = async (): Promise<ListPage<Item>> => {
      throw new ApiException(403, 'Forbidden', '{}', {});
    };
    await expect(listAllPages(failing)).rejects.toBeInstanceOf(ApiException);
  });
});
