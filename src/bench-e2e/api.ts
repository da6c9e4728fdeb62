/**
 * The bench's own apiserver client: raw HTTPS over one shared keep-alive agent with the admin client certificate,
 * so what is measured is the apiserver, not a client library. Watches get their own connection.
 */
import { Agent, request, type RequestOptions } from 'node:https';

/** TLS material to call the apiserver as admin. */
export interface AdminTls {
  ca: string;
  cert: string;
  key: string;
}

/** One response, whatever its status. */
export interface ApiResponse {
  status: number;
  body: string;
}

/** Statuses a write is retried on: the apiserver shedding load or briefly unavailable. */
const RETRYABLE = new Set([429, 500, 503, 504]);

/** Raw JSON requests against one apiserver. */
export class BenchApi {
  private readonly agent: Agent;

  constructor(private readonly server: string, private readonly tls: AdminTls) {
    this.agent = new Agent({ keepAlive: true, maxSockets: 64, ca: tls.ca, cert: tls.cert, key: tls.key });
  }

  /** Sends one request; never rejects on HTTP errors (look at `status`). */
  request(method: string, path: string, body?: unknown): Promise<ApiResponse> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (payload !== undefined) {
      headers['Content-Type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload)); // Node frames no DELETE body by itself
    }
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, this.server), { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Sends a request and parses the JSON answer; throws with the apiserver's message on any non-2xx status. */
  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.request(method, path, body);
    if (res.status < 200 || res.status >= 300) throw new Error(`${method} ${path} failed with ${res.status}: ${res.body.slice(0, 300)}`);
    return JSON.parse(res.body) as T;
  }

  /** A write retried on 429 and 5xx (up to 5 tries); resolves with the final response. */
  async write(method: string, path: string, body?: unknown): Promise<ApiResponse> {
    let res = await this.request(method, path, body);
    for (let attempt = 1; attempt < 5 && RETRYABLE.has(res.status); attempt++) {
      await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      res = await this.request(method, path, body);
    }
    return res;
  }

  /** Opens a streaming GET (a watch) on its own connection; `onData` gets raw chunks until the stream ends. */
  stream(path: string, onData: (chunk: Buffer) => void, signal: AbortSignal): Promise<number> {
    const options: RequestOptions = { method: 'GET', headers: { Accept: 'application/json' }, agent: false, ...this.tls, signal };
    return new Promise((resolve) => {
      const req = request(new URL(path, this.server), options, (res) => {
        res.on('data', onData);
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      });
      req.on('error', () => resolve(0));
      req.end();
    });
  }

  /** Closes the pooled connections. */
  close(): void {
    this.agent.destroy();
  }
}

/** Runs `fn(i)` for i in [0, count) with at most `limit` calls in flight; stops starting new calls once `signal` aborts. */
export async function forEachLimit(count: number, limit: number, fn: (i: number) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count && !signal?.aborted) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}
