/**
 * The Nomad HTTP API server: routes (routes/index.ts), the caller's token (X-Nomad-Token or `Authorization:
 * Bearer`) as the Kubernetes credential of every request, bounded bodies, blocking queries, Nomad's headers and
 * errors. A request never takes the process down: every failure becomes an HTTP answer.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { answer } from './blocking.js';
import { DEFAULT_MAX_BODY_BYTES, parseJsonBody, readBody } from './body.js';
import { CallerCache } from './cluster.js';
import type { ApiReply, ApiSettings } from './context.js';
import { errors, NomadApiError } from './errors.js';
import { buildRouter } from './routes/index.js';

/** How the server is started. */
export interface NomadApiOptions {
  /** The operator's kubeconfig: its cluster (server, CA) is used with each caller's token. */
  kubeconfig: KubeConfig;
  settings: ApiSettings;
  port: number;
  host?: string;
  /** Requests without a token go to Kubernetes as an anonymous caller (default: refused with 403). */
  anonymous?: boolean;
  maxBodyBytes?: number;
  tls?: { cert: string; key: string };
  onError?: (message: string) => void;
}

/** A running server. */
export interface NomadApiServer {
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** The caller's token: X-Nomad-Token, else `Authorization: Bearer`. */
export function tokenOf(req: IncomingMessage): string | undefined {
  const header = req.headers['x-nomad-token'];
  const nomad = Array.isArray(header) ? header[0] : header;
  if (nomad?.trim()) return nomad.trim();
  const auth = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return auth?.[1]?.trim() || undefined;
}

function writeReply(res: ServerResponse, method: string, reply: ApiReply): void {
  const headers: Record<string, string> = { 'X-Nomad-KnownLeader': 'true', 'X-Nomad-LastContact': '0' };
  if (method === 'GET' || reply.index !== undefined) headers['X-Nomad-Index'] = String(Math.max(1, reply.index ?? 1));
  if (reply.text) {
    res.writeHead(200, { ...headers, 'Content-Type': reply.text.contentType });
    res.end(String(reply.body));
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': 'application/json' });
  res.end(JSON.stringify(reply.body ?? null));
}

function writeError(res: ServerResponse, err: unknown, onError?: (m: string) => void): void {
  const e = err instanceof NomadApiError ? err : new NomadApiError(500, err instanceof Error ? err.message : String(err));
  if (!(err instanceof NomadApiError)) onError?.(`Nomad API: unexpected error: ${e.message}`);
  if (res.headersSent) return void res.destroy();
  res.writeHead(e.status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Nomad-KnownLeader': 'true', 'X-Nomad-LastContact': '0' });
  res.end(e.message);
}

/** Starts the server; resolves once it listens (port 0 picks a free one). */
export function startNomadApiServer(options: NomadApiOptions): Promise<NomadApiServer> {
  const router = buildRouter();
  const callers = new CallerCache(options.kubeconfig);
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const method = req.method ?? 'GET';
      const url = new URL(req.url ?? '/', 'http://nomad');
      const match = router.match(method, url.pathname);
      const token = tokenOf(req);
      if (token === undefined && !options.anonymous) {
        req.resume();
        throw errors.permissionDenied('no token: send a Kubernetes token in X-Nomad-Token or Authorization: Bearer');
      }
      const rawBody = await readBody(req, limit);
      const body = method === 'GET' || method === 'DELETE' ? undefined : parseJsonBody(rawBody);
      const gone = new AbortController();
      res.once('close', () => gone.abort());
      const apiReq = { method, params: match.params, query: url.searchParams, body, rawBody, cluster: callers.as(token), settings: options.settings, signal: gone.signal };
      writeReply(res, method, await answer(apiReq, match.handler));
    } catch (err) {
      if (err instanceof NomadApiError && err.status === 413) res.setHeader('Connection', 'close');
      writeError(res, err, options.onError);
    }
  };
  const listener = (req: IncomingMessage, res: ServerResponse): void => void handle(req, res);
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener) : createHttpServer(listener);
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nMalformed request');
    else socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      const addr = server.address();
      resolve({
        port: typeof addr === 'object' && addr ? addr.port : options.port,
        server,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}
