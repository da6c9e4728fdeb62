/**
 * What the apiserver served during a run, from its own metrics: requests by verb and resource, and watch events
 * sent by kind (count and bytes) — the diagnosis of where the apiserver's time went (`--api-requests`).
 */
import type { BenchApi } from './api.js';

/** Counter values by a readable key. */
export type Counters = Map<string, number>;

const LINE = /^(apiserver_request_total|apiserver_watch_events_total|apiserver_watch_events_sizes_sum)\{([^}]*)\} ([0-9.e+]+)$/;

function labelsOf(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/(\w+)="([^"]*)"/g)) out[m[1]!] = m[2]!;
  return out;
}

/** Parses the counters this diagnosis reads from the apiserver's Prometheus text. */
export function parseCounters(metrics: string): Counters {
  const out: Counters = new Map();
  for (const line of metrics.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const l = labelsOf(m[2]!);
    const key = m[1] === 'apiserver_request_total'
      ? `${l.verb} ${l.resource}${l.subresource ? '/' + l.subresource : ''} ${l.code}`
      : `${m[1] === 'apiserver_watch_events_total' ? 'watch events' : 'watch bytes'} ${l.kind ?? l.resource}`;
    out.set(key, (out.get(key) ?? 0) + Number(m[3]));
  }
  return out;
}

/** Reads the counters now. */
export async function readCounters(api: BenchApi): Promise<Counters> {
  const res = await api.request('GET', '/metrics');
  return res.status === 200 ? parseCounters(res.body) : new Map();
}

/** The counters that grew between two readings, largest first, as lines. */
export function deltaLines(before: Counters, after: Counters, min = 50): string[] {
  return [...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const)
    .filter(([k, d]) => d >= (k.startsWith('watch bytes') ? min * 10_000 : min))
    .sort((a, b) => b[1] - a[1])
    .map(([k, d]) => `${k}: ${Math.round(d)}`);
}
