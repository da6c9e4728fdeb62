/**
 * Paginated lists (`limit` + `continue`), as client-go's pager: pages of one consistent snapshot are
 * concatenated into one list carrying the snapshot's resourceVersion. When a continue token expires
 * (410 Gone mid-list) the pager falls back to one unpaginated list, as client-go's FullListIfExpired.
 */
import { toApiError } from './objects.js';

/** Items per page: client-go's pager default. */
export const DEFAULT_PAGE_SIZE = 500;

/** The paging parameters of one list request (client-node's names). */
export interface PageRequest {
  limit?: number;
  _continue?: string;
}

/** A list response as typed (`metadata._continue`) or raw (`metadata.continue`) clients return it. */
export interface ListPage<T> {
  apiVersion?: string;
  kind?: string;
  metadata?: { resourceVersion?: string; _continue?: string; continue?: string };
  items: T[];
}

const continueOf = (page: ListPage<unknown>): string | undefined => page.metadata?._continue || page.metadata?.continue || undefined;

/**
 * Fetches every page and returns them as one list with the first page's resourceVersion. `map` is applied to each
 * page's items as the page arrives, so only one page of whole objects is alive at a time (an informer's trim:
 * 100,000 whole pods at once were the operator's peak memory).
 */
export async function listAllPages<T, L extends ListPage<T>>(fetchPage: (page: PageRequest) => Promise<L>, pageSize = DEFAULT_PAGE_SIZE, map?: (item: T) => T): Promise<L> {
  const mapped = (page: L): L => (map ? { ...page, items: page.items.map(map) } : page);
  const first = mapped(await fetchPage({ limit: pageSize }));
  let token = continueOf(first);
  if (!token) return first;
  const items = [...first.items];
  while (token) {
    let page: L;
    try {
      page = await fetchPage({ limit: pageSize, _continue: token });
    } catch (err) {
      if (toApiError(err).code === 410) return mapped(await fetchPage({}));
      throw err;
    }
    for (const item of page.items) items.push(map ? map(item) : item);
    token = continueOf(page);
  }
  return { ...first, metadata: { resourceVersion: first.metadata?.resourceVersion }, items };
}
