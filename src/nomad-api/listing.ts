/** The list parameters every Nomad list endpoint takes: `?prefix=` (on the ID) and `?filter=` (filter.ts). */
import type { ApiRequest } from './context.js';
import { compileFilter } from './filter.js';

/** Keeps the items whose `ID` starts with `?prefix=` and that match `?filter=`. */
export function applyListParams<T extends Record<string, unknown>>(req: ApiRequest, items: T[], idKey = 'ID'): T[] {
  const prefix = req.query.get('prefix') ?? '';
  const filterText = req.query.get('filter');
  const filter = filterText ? compileFilter(filterText) : undefined;
  return items.filter((item) => String(item[idKey] ?? '').startsWith(prefix) && (!filter || filter(item)));
}
