/**
 * Nomad's blocking queries (`?index=N&wait=5m`) over Kubernetes watches: when the answer's index is not above N,
 * the collection it came from is watched from the resourceVersion read, and the query is answered again at the
 * first change (or, unchanged, when the wait ends). Indexes are resourceVersions (shapes/index-of.ts).
 */
import { parseDuration } from '../controllers/nomadjob/duration.js';
import type { ApiReply, ApiRequest, Handler } from './context.js';
import { errors } from './errors.js';

/** Nomad's default and maximum wait of a blocking query. */
export const DEFAULT_WAIT_MS = 5 * 60_000;
export const MAX_WAIT_MS = 10 * 60_000;

/** The blocking parameters of a request: index 0 means not blocking. */
export function blockingParams(query: URLSearchParams): { index: number; waitMs: number } {
  const rawIndex = query.get('index');
  const index = rawIndex === null || rawIndex === '' ? 0 : Number(rawIndex);
  if (!Number.isSafeInteger(index) || index < 0) throw errors.badRequest(`Invalid index: "${rawIndex}"`);
  const rawWait = query.get('wait');
  let waitMs = DEFAULT_WAIT_MS;
  if (rawWait !== null && rawWait !== '') {
    const parsed = /^\d+$/.test(rawWait) ? Number(rawWait) * 1000 : parseDuration(rawWait);
    if (parsed === undefined) throw errors.badRequest(`Invalid wait time: "${rawWait}"`);
    waitMs = Math.min(parsed, MAX_WAIT_MS);
  }
  return { index, waitMs };
}

/** Answers `req`, waiting for a change when it is a blocking query whose index is current. */
export async function answer(req: ApiRequest, handler: Handler): Promise<ApiReply> {
  const { index, waitMs } = req.method === 'GET' ? blockingParams(req.query) : { index: 0, waitMs: 0 };
  const first = await handler(req);
  if (index === 0 || !first.watch || (first.index ?? 0) > index || waitMs <= 0) return first;
  const outcome = await req.cluster.watch(first.watch.path, first.watch.resourceVersion, waitMs, req.signal);
  if (outcome.kind === 'timeout') return first;
  const again = await handler(req);
  const eventIndex = outcome.kind === 'event' ? Number(outcome.resourceVersion ?? 0) : 0;
  return { ...again, index: Math.max(again.index ?? 0, Number.isSafeInteger(eventIndex) ? eventIndex : 0) };
}
