/**
 * Raw JSON requests to the apiserver. The generated client serialises bodies through its model
 * classes, which drops keys it has no attribute for (e.g. a CRD's `x-kubernetes-validations`), so
 * manifests are sent as they are. A pooled kubeconfig's raw requests take its pipe (rate limiter,
 * keep-alive connections, metrics) like its typed clients.
 */
import { KubeConfig, KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import { request } from 'node:https';
import { request as httpRequest } from 'node:http';
import { pipeOf } from './pooled-kubeconfig.js';

class PathResolver extends KubernetesObjectApi {
  /** The REST path of an object (discovery-backed). */
  path(spec: KubernetesObject, action: 'patch' | 'create' | 'read'): Promise<string> {
    return this.specUriPath(spec, action);
  }
}

/** Resolves the REST path of an object through API discovery. */
export function objectPath(kc: KubeConfig, obj: KubernetesObject, action: 'patch' | 'create' | 'read' = 'patch'): Promise<string> {
  return kc.makeApiClient(PathResolver).path(structuredClone(obj), action);
}

/** A raw API response. */
export interface RawResponse {
  status: number;
  body: string;
}

/** Sends a request with the kubeconfig's credentials; never rejects on HTTP errors (look at `status`). */
export async function rawRequest(kc: KubeConfig, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<RawResponse> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error('The kubeconfig has no current cluster');
  const url = new URL(path, server);
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const exchange = async (): Promise<RawResponse> => {
    const headers: Record<string, string | number> = { 'Content-Type': contentType, Accept: 'application/json' };
    // A length (not chunked encoding) and one write: the request leaves in one segment, as client-node's do.
    if (payload !== undefined) headers['Content-Length'] = Buffer.byteLength(payload);
    const options: import('node:https').RequestOptions = { method, headers };
    await kc.applyToHTTPSOptions(options);
    return send(url, options, payload);
  };
  const pipe = pipeOf(kc);
  return pipe ? pipe.send(method, url.href, exchange, (r) => r.status) : exchange();
}

function send(url: URL, options: import('node:https').RequestOptions, payload: string | undefined): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? request : httpRequest)(url, options, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}
