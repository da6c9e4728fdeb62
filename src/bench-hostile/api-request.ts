/**
 * Raw requests to the apiserver that keep what hostile inputs need: bodies sent byte for byte (invalid UTF-8,
 * megabytes), the response's Warning headers, and the time the request took.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { request, type RequestOptions } from 'node:https';

/** An apiserver answer. */
export interface ApiResponse {
  status: number;
  body: string;
  /** `Warning` response headers (unknown fields pruned, deprecated APIs, admission warnings). */
  warnings: string[];
  /** Wall time of the request in ms. */
  ms: number;
}

/** The message of a Status body, else the body's first 500 characters. */
export function statusMessage(r: ApiResponse): string {
  try {
    const s = JSON.parse(r.body) as { message?: string };
    if (typeof s.message === 'string') return s.message;
  } catch {
    // not JSON
  }
  return r.body.slice(0, 500);
}

/** Sends `body` as is (a Buffer is not re-encoded); never rejects on HTTP errors. */
export async function apiRequest(kc: KubeConfig, method: string, path: string, body?: Buffer | string | object, contentType = 'application/json'): Promise<ApiResponse> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error('The kubeconfig has no current cluster');
  const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  const options: RequestOptions = { method, headers: { 'Content-Type': contentType, Accept: 'application/json' }, timeout: 60_000 };
  if (payload) options.headers = { ...options.headers, 'Content-Length': String(payload.length) };
  await kc.applyToHTTPSOptions(options);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server), options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = res.headers.warning;
        const warnings = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), warnings, ms: performance.now() - started });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** The collection path of NomadJobs in a namespace. */
export function nomadJobsPath(namespace: string): string {
  return `/apis/kubenomad.io/v1alpha1/namespaces/${encodeURIComponent(namespace)}/nomadjobs`;
}
