/** Polling helpers: wait for etcd and kube-apiserver to answer their health endpoints. */
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';

/** TLS material to call the apiserver as admin. */
export interface ClientTls {
  ca: string;
  cert: string;
  key: string;
}

/** GETs a URL and resolves with the status code and body (never rejects; status 0 on connection errors). */
export function probe(url: string, tls?: ClientTls): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const done = (status: number, body: string): void => resolve({ status, body });
    const options = tls ? { ca: tls.ca, cert: tls.cert, key: tls.key, timeout: 5000 } : { timeout: 5000 };
    const req = (url.startsWith('https:') ? httpsRequest : httpRequest)(url, options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => done(res.statusCode ?? 0, body));
    });
    req.on('error', (err) => done(0, String(err)));
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

/** Polls until `check` returns true, or throws with `what` and the last observation after the timeout. */
export async function waitFor(what: string, check: () => Promise<boolean | string>, timeoutMs: number, intervalMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: boolean | string = false;
  while (Date.now() < deadline) {
    last = await check();
    if (last === true) return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${typeof last === 'string' ? `: ${last}` : ''}`);
}
