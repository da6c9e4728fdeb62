/** The operator's HTTP endpoint: /metrics (Prometheus), /healthz (alive), /readyz (caches synced, leading or standing by). */
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

/** Readiness as the operator reports it. */
export interface Health {
  ready(): boolean;
}

/** Starts the metrics and health server on `host:port` (port 0 picks a free one); resolves with the bound port. */
export function startHttpServer(registry: Registry, health: Health, port: number, host = '0.0.0.0'): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      registry.metrics().then((text) => {
        res.writeHead(200, { 'Content-Type': registry.contentType });
        res.end(text);
      }, (err: unknown) => {
        res.writeHead(500);
        res.end(String(err));
      });
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200);
      res.end('ok');
      return;
    }
    if (path === '/readyz') {
      const ok = health.ready();
      res.writeHead(ok ? 200 : 503);
      res.end(ok ? 'ok' : 'not ready');
      return;
    }
    res.writeHead(404);
    res.end('not found');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address();
      resolve({ server, port: typeof addr === 'object' && addr ? addr.port : port });
    });
  });
}
