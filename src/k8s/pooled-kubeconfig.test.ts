/**
 * The pooled kubeconfig against an in-process fake apiserver (plain HTTP): connections reused across typed,
 * raw and repeated requests, watches on their own connection, credentials applied per request, the rate
 * limiter and the metrics.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { CoreV1Api, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { startInformer } from './informer.js';
import { pooledKubeConfig } from './pooled-kubeconfig.js';
import { rawRequest } from './raw.js';

const managedFields = [{ manager: 'kubectl', operation: 'Apply' }];
const pod = (name: string): object => ({ metadata: { name, namespace: 'default', resourceVersion: '5', managedFields }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });

/** A fake apiserver: lists, creates, a watch that sends one event and stays open; counts connections. */
class FakeApiserver {
  connections = 0;
  authorizations: string[] = [];
  private readonly server: Server = createServer((req, res) => this.handle(req, res));
  private readonly open = new Set<ServerResponse>();

  async start(): Promise<string> {
    this.server.on('connection', () => this.connections++);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.open) res.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.authorizations.push(req.headers.authorization ?? '');
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (status: number, body: object): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    };
    if (url.searchParams.get('watch') === 'true') {
      this.open.add(res);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(`${JSON.stringify({ type: 'ADDED', object: pod('watched') })}\n`);
      return;
    }
    if (req.method === 'POST') return void req.resume().on('end', () => json(201, pod('created')));
    if (url.pathname === '/api/v1/pods') return json(200, { kind: 'PodList', metadata: { resourceVersion: '5' }, items: [pod('listed')] });
    if (url.pathname === '/api/v1/nodes') return json(200, { kind: 'NodeList', metadata: { resourceVersion: '5' }, items: [] });
    json(404, { kind: 'Status', reason: 'NotFound', code: 404 });
  }
}

function kubeconfig(server: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server, skipTLSVerify: true }], users: [{ name: 'u', token: 'first' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x',
  });
  return kc;
}

let fake: FakeApiserver;
let server: string;
beforeEach(async () => {
  fake = new FakeApiserver();
  server = await fake.start();
});
afterEach(() => fake.stop());

describe('pooledKubeConfig', () => {
  it('sends sequential typed and raw requests over one connection', async () => {
    const kc = pooledKubeConfig(kubeconfig(server));
    const core = kc.makeApiClient(CoreV1Api);
    for (let i = 0; i < 5; i++) await core.listNode();
    for (let i = 0; i < 5; i++) await rawRequest(kc, 'GET', '/api/v1/nodes');
    expect(fake.connections).toBe(1);
  });

  it("fixes client-node's connection per request (the problem it exists for)", async () => {
    const core = kubeconfig(server).makeApiClient(CoreV1Api);
    for (let i = 0; i < 5; i++) await core.listNode();
    expect(fake.connections).toBe(5);
  });

  it('applies the current credentials to every request', async () => {
    const source = kubeconfig(server);
    const core = pooledKubeConfig(source).makeApiClient(CoreV1Api);
    await core.listNode();
    source.users[0] = { ...source.users[0]!, token: 'rotated' }; // what a token file refresh amounts to
    await core.listNode();
    expect(fake.authorizations).toEqual(['Bearer first', 'Bearer rotated']);
  });

  it('holds requests beyond the burst back to qps', async () => {
    const registry = new Registry();
    const core = pooledKubeConfig(kubeconfig(server), { qps: 20, burst: 2, registry }).makeApiClient(CoreV1Api);
    const start = performance.now();
    await Promise.all(Array.from({ length: 6 }, () => core.listNode()));
    // 2 at once, then 4 more at 20/s: the last one leaves 4 × 50 ms = 200 ms after the first.
    expect(performance.now() - start).toBeGreaterThanOrEqual(190);
    expect(await registry.metrics()).toContain('kubenomad_kube_api_rate_limiter_wait_seconds_count 6');
  });

  it('checks writes against the write gate after the rate limiter wait, at the moment they would go out', async () => {
    let open = true;
    const refused: string[] = [];
    const kc = pooledKubeConfig(kubeconfig(server), { qps: 10, burst: 1 }).withWriteGate((info) => {
      if (!open) {
        refused.push(`${info.verb} ${info.resource}`);
        throw new Error('fenced');
      }
    });
    const core = kc.makeApiClient(CoreV1Api);
    const first = core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'a' } } });
    const second = core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'b' } } }); // waits 100 ms
    await first;
    open = false; // e.g. the leader lease is lost while the second create waits for a token
    await expect(second).rejects.toThrow('fenced');
    await core.listNode(); // reads are not gated
    expect(refused).toEqual(['create pods']);
    expect(fake.authorizations).toHaveLength(2); // the first create and the list; the refused create never left
  });

  it('counts requests by verb, resource and code', async () => {
    const registry = new Registry();
    const kc = pooledKubeConfig(kubeconfig(server), { registry });
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'a' } } });
    await expect(core.readNamespacedPod({ namespace: 'default', name: 'missing' })).rejects.toThrow();
    await rawRequest(kc, 'POST', '/api/v1/namespaces/default/pods/a/binding', {});
    const text = await registry.metrics();
    expect(text).toContain('kubenomad_kube_api_requests_total{verb="create",resource="pods",code="201"} 1');
    expect(text).toContain('kubenomad_kube_api_requests_total{verb="get",resource="pods",code="404"} 1');
    expect(text).toContain('kubenomad_kube_api_requests_total{verb="create",resource="pods/binding",code="201"} 1');
    expect(text).toContain('kubenomad_kube_api_request_duration_seconds_count{verb="create",resource="pods"} 1');
  });

  it('counts a request that got no response as code "error"', async () => {
    const registry = new Registry();
    const core = pooledKubeConfig(kubeconfig('http://127.0.0.1:1'), { registry }).makeApiClient(CoreV1Api);
    await expect(core.listNode()).rejects.toThrow();
    expect(await registry.metrics()).toContain('kubenomad_kube_api_requests_total{verb="list",resource="nodes",code="error"} 1');
  });
});

describe('startInformer over a pooled kubeconfig', () => {
  it('watches on a connection of its own and caches trimmed objects', async () => {
    const kc = pooledKubeConfig(kubeconfig(server));
    const core = kc.makeApiClient(CoreV1Api);
    const seen: string[] = [];
    const informer = await startInformer<V1Pod>(kc, { name: 'pods', path: '/api/v1/pods', list: async (map) => { const l = await core.listPodForAllNamespaces(); return { ...l, items: l.items.map(map) }; } }, {
      onUpsert: (p) => seen.push(p.metadata?.name ?? ''),
      onDelete: () => undefined,
    }, pino({ level: 'silent' }));
    await new Promise((resolve) => setTimeout(resolve, 100)); // the watch's ADDED event
    for (let i = 0; i < 3; i++) await core.listNode();
    await informer.stop();
    expect(seen).toEqual(['listed', 'watched']);
    expect(informer.list().every((p) => p.metadata?.managedFields === undefined)).toBe(true);
    expect(informer.get('watched', 'default')?.spec?.containers[0]).toEqual({ name: 'c' }); // image trimmed away
    // One connection for the list and the later requests, one for the watch stream.
    expect(fake.connections).toBe(2);
  });
});
