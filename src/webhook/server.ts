/** The HTTPS server framing `handleAdmissionReview`: bounded bodies, JSON in and out, a warm translator. */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { translateJobspec } from '../hcl-translate/index.js';
import { handleAdmissionReview, type AdmissionDeps } from './review.js';
import { deny } from './responses.js';

/** Largest AdmissionReview body accepted (the apiserver's own request limit is 3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Options of the webhook server. */
export interface WebhookServerOptions {
  /** PEM serving certificate and key. */
  cert: string;
  key: string;
  deps: AdmissionDeps;
  /** Default 0.0.0.0 and 9443; port 0 picks a free one. */
  host?: string;
  port?: number;
  /** Called with one line per failed request (e.g. a logger's warn). */
  onError?: (message: string) => void;
}

/** A running webhook server. */
export interface WebhookServer {
  port: number;
  server: Server;
  close(): Promise<void>;
}

const WARM_UP = 'job "warm" {\n  group "g" {\n    task "t" {\n      driver = "docker"\n      config { image = "x" }\n    }\n  }\n}\n';

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function rejectReview(message: string, code: number): unknown {
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: deny('', message, [], code) };
}

/** Reads the body; undefined when it is larger than `limit` (the rest is drained, up to 4× the limit, then cut). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > 4 * limit) req.destroy();
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function answer(req: IncomingMessage, res: ServerResponse, deps: AdmissionDeps): Promise<void> {
  const path = new URL(req.url ?? '/', 'https://webhook').pathname;
  if (req.method === 'GET' && (path === '/healthz' || path === '/readyz')) return void res.end('ok');
  if (req.method !== 'POST') return send(res, 405, rejectReview('Only POST is supported', 405));
  const body = await readBody(req, MAX_BODY_BYTES);
  if (!body) return send(res, 200, rejectReview(`Request body is larger than ${MAX_BODY_BYTES} bytes`, 413));
  let review: unknown;
  try {
    review = JSON.parse(body.toString('utf8'));
  } catch {
    return send(res, 200, rejectReview('Request body is not JSON', 400));
  }
  send(res, 200, await handleAdmissionReview(path, review, deps));
}

/** Starts the webhook server (after warming the HCL parser — in its worker when one is given —, whose first call costs ~150 ms). */
export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  await (options.deps.translate ?? translateJobspec)(WARM_UP, { filename: 'warm-up.nomad' });
  const server = createServer({ cert: options.cert, key: options.key }, (req, res) => {
    answer(req, res, options.deps).catch((err: unknown) => {
      options.onError?.(`webhook request failed: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) send(res, 200, rejectReview('Internal error in the kubenomad webhook', 500));
      else res.destroy();
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 9443, options.host ?? '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const close = (): Promise<void> => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return { port, server, close };
}
