/**
 * A minimal HTTP/2 JSON client over one session (as client-go multiplexes every request of a client over one
 * HTTP/2 connection), only for the bench's comparison with keep-alive HTTP/1.1: client-node has no HTTP/2.
 */
import { connect, constants, type ClientHttp2Session } from 'node:http2';

/** One HTTP/2 session to the apiserver. */
export interface H2Client {
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: string }>;
  close(): void;
}

/** Opens a session with client-certificate credentials. */
export function h2Client(server: string, tls: { ca: string; cert: string; key: string }): H2Client {
  const session: ClientHttp2Session = connect(server, tls);
  session.on('error', () => undefined); // surfaced through the requests
  return {
    request: (method, path, body) => new Promise((resolve, reject) => {
      const stream = session.request({
        [constants.HTTP2_HEADER_METHOD]: method, [constants.HTTP2_HEADER_PATH]: path,
        'content-type': 'application/json', accept: 'application/json',
      });
      let status = 0;
      let text = '';
      stream.setEncoding('utf8');
      stream.on('response', (headers) => (status = Number(headers[constants.HTTP2_HEADER_STATUS])));
      stream.on('data', (chunk: string) => (text += chunk));
      stream.on('end', () => resolve({ status, body: text }));
      stream.on('error', reject);
      stream.end(body === undefined ? undefined : JSON.stringify(body));
    }),
    close: () => session.close(),
  };
}
