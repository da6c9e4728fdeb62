/**
 * The single path every non-watch API request of a pooled kubeconfig takes: the client-side rate limiter,
 * then the exchange over a pooled keep-alive connection, then the metrics. Typed clients reach it through
 * `pipedHttpLibrary` (client-node's HttpLibrary hook), raw requests through `rawRequest`.
 */
import { createConfiguration, wrapHttpLibrary, type HttpLibrary, type ResponseContext } from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Registry } from 'prom-client';
import { AgentPool, type AgentPoolOptions } from './agent-pool.js';
import { apiMetrics, type ApiMetrics } from './api-metrics.js';
import { requestInfo, type RequestInfo } from './request-info.js';
import { tokenBucket, type TokenBucket } from './token-bucket.js';

/** Sustained requests per second by default: kube-scheduler's `clientConnection.qps`. */
export const DEFAULT_KUBE_API_QPS = 50;
/** Requests at once above the qps by default: kube-scheduler's `clientConnection.burst`. */
export const DEFAULT_KUBE_API_BURST = 100;

/** How a pooled kubeconfig talks to the apiserver. */
export interface PipeOptions extends AgentPoolOptions {
  /** Sustained requests per second (token bucket); 0 or less turns client-side throttling off. Default: off. */
  qps?: number;
  /** Requests allowed at once above `qps` (bucket size). Default 2 × qps. */
  burst?: number;
  /** Where the API client metrics go; none when unset. */
  registry?: Registry;
}

/** A last check of a write right before it is sent (after any rate limiter wait); throws to refuse it. */
export type WriteGate = (info: RequestInfo) => void;

const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

/** Rate limiter, metrics and connection pools shared by the clients made from one pooled kubeconfig. */
export class KubePipe {
  constructor(
    readonly agents: AgentPool,
    private readonly limiter: TokenBucket | undefined,
    private readonly metrics: ApiMetrics,
    private readonly gate?: WriteGate,
  ) {}

  /** A pipe from options. */
  static create(options: PipeOptions = {}): KubePipe {
    const qps = options.qps ?? 0;
    return new KubePipe(new AgentPool(options), tokenBucket(qps, options.burst ?? 2 * qps), apiMetrics(options.registry));
  }

  /** The same pools and metrics behind a token bucket of its own (same qps and burst). */
  withOwnLimiter(): KubePipe {
    return new KubePipe(this.agents, this.limiter && tokenBucket(this.limiter.qps, this.limiter.burst), this.metrics, this.gate);
  }

  /**
   * The same pools, limiter and metrics, with writes checked by `gate` once they are through the limiter, so a write
   * that waited (e.g. while the process was paused) is checked again at the moment it would go out.
   */
  withWriteGate(gate: WriteGate): KubePipe {
    return new KubePipe(this.agents, this.limiter, this.metrics, gate);
  }

  /** Waits for the rate limiter, runs the exchange, and records it; `status` reads the HTTP code of its result. */
  async send<R>(method: string, url: string, exchange: () => Promise<R>, status: (r: R) => number): Promise<R> {
    const info = requestInfo(method, url);
    if (this.limiter) {
      const wait = this.limiter.reserve();
      this.metrics.throttled(wait);
      if (wait > 0) await sleep(wait * 1000);
    }
    if (this.gate && WRITE_VERBS.has(info.verb)) this.gate(info);
    const start = performance.now();
    const seconds = (): number => (performance.now() - start) / 1000;
    try {
      const result = await exchange();
      this.metrics.request(info, String(status(result)), seconds());
      return result;
    } catch (err) {
      this.metrics.request(info, 'error', seconds());
      throw err;
    }
  }
}

/** client-node's own HTTP library (node-fetch), wrapped so every typed request goes through the pipe. */
export function pipedHttpLibrary(pipe: KubePipe): HttpLibrary {
  const fetchLibrary = createConfiguration().httpApi;
  return wrapHttpLibrary({
    send: (request) => pipe.send(request.getHttpMethod(), request.getUrl(), () => fetchLibrary.send(request).toPromise(),
      (response: ResponseContext) => response.httpStatusCode),
  });
}
