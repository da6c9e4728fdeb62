/**
 * Requests made as a caller (the Nomad HTTP API's X-Nomad-Token): the operator's cluster (server, CA) with the
 * caller's bearer token instead of the operator's credentials, so Kubernetes authenticates and authorises every
 * request as the caller. Also a one-shot watch: resolves at the first event or when the wait ends.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { request } from 'node:https';
import { request as httpRequest } from 'node:http';
import { pooledKubeConfig, watchConfig } from './pooled-kubeconfig.js';

/** The cluster of `base` with `token` as the only credential; no token means an anonymous caller. */
export function callerKubeConfig(base: KubeConfig, token: string | undefined): KubeConfig {
  const cluster = base.getCurrentCluster();
  if (!cluster) throw new Error('The kubeconfig has no current cluster');
  const kc = new KubeConfig();
  const user = token === undefined ? { name: 'caller' } : { name: 'caller', token };
  kc.loadFromOptions({
    clusters: [{ ...cluster, name: 'cluster' }],
    users: [user],
    contexts: [{ name: 'caller', cluster: 'cluster', user: 'caller' }],
    currentContext: 'caller',
  });
  return pooledKubeConfig(kc);
}

/** How a one-shot watch ended. */
export type WatchOutcome = { kind: 'event'; type: string; resourceVersion?: string } | { kind: 'timeout' } | { kind: 'error'; status: number; body: string };

/**
 * Watches `path` (a collection path with its query, without `watch`) from `resourceVersion` and resolves at the
 * first event, or with `timeout` after `waitMs` or when `signal` aborts (the caller went away). The request is closed
 * either way.
 */
export async function watchOnce(kc: KubeConfig, path: string, resourceVersion: string, waitMs: number, signal?: AbortSignal): Promise<WatchOutcome> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error('The kubeconfig has no current cluster');
  const url = new URL(path, server);
  url.searchParams.set('watch', '1');
  url.searchParams.set('resourceVersion', resourceVersion);
  url.searchParams.set('allowWatchBookmarks', 'false');
  url.searchParams.set('timeoutSeconds', String(Math.max(1, Math.ceil(waitMs / 1000))));
  const options: import('node:https').RequestOptions = { method: 'GET', headers: { Accept: 'application/json' } };
  await watchConfig(kc).applyToHTTPSOptions(options);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (o: WatchOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(o);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), waitMs);
    signal?.addEventListener('abort', () => finish({ kind: 'timeout' }), { once: true });
    const req = (url.protocol === 'https:' ? request : httpRequest)(url, options, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        const line = res.statusCode === 200 ? text.split('\n').find((l, i, all) => i < all.length - 1 && l.trim()) : undefined;
        if (line) finish(eventOf(line));
      });
      res.on('end', () => finish(res.statusCode === 200 ? { kind: 'timeout' } : { kind: 'error', status: res.statusCode ?? 0, body: text }));
      res.on('error', () => finish({ kind: 'timeout' }));
    });
    req.on('error', (err) => finish({ kind: 'error', status: 0, body: err.message }));
    req.end();
  });
}

function eventOf(line: string): WatchOutcome {
  try {
    const e = JSON.parse(line) as { type?: string; object?: { metadata?: { resourceVersion?: string }; code?: number; message?: string } };
    if (e.type === 'ERROR') return { kind: 'error', status: e.object?.code ?? 500, body: e.object?.message ?? line };
    return { kind: 'event', type: e.type ?? 'UNKNOWN', resourceVersion: e.object?.metadata?.resourceVersion };
  } catch {
    return { kind: 'error', status: 500, body: 'Cannot parse watch event' };
  }
}
