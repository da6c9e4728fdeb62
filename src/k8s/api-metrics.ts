/**
 * Prometheus metrics of the Kubernetes API client, after client-go's `rest_client_*` metrics: requests by
 * verb, resource and HTTP code, their latency, and how long the client-side rate limiter held them back.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import type { RequestInfo } from './request-info.js';

/** Where the API client reports. */
export interface ApiMetrics {
  /** One finished request: `code` is the HTTP status, or `error` when no response came. */
  request(info: RequestInfo, code: string, seconds: number): void;
  /** One client-side rate limiter wait (0 when the request went at once). */
  throttled(seconds: number): void;
}

/** client-go's latency buckets (rest_client_request_duration_seconds). */
const BUCKETS = [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60];

/** Metrics that go nowhere (no registry). */
export const NO_API_METRICS: ApiMetrics = { request: () => undefined, throttled: () => undefined };

/** The metric of that name in the registry, or a new one (two clients may share a registry). */
function once<M>(registry: Registry, name: string, make: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? make();
}

/** The API client metrics in `registry`; none when it is undefined. */
export function apiMetrics(registry?: Registry): ApiMetrics {
  if (!registry) return NO_API_METRICS;
  const registers = [registry];
  const total = once(registry, 'kubenomad_kube_api_requests_total', () => new Counter({
    name: 'kubenomad_kube_api_requests_total', help: 'Kubernetes API requests by verb, resource and HTTP code (code "error": no response)',
    labelNames: ['verb', 'resource', 'code'] as const, registers,
  }));
  const duration = once(registry, 'kubenomad_kube_api_request_duration_seconds', () => new Histogram({
    name: 'kubenomad_kube_api_request_duration_seconds', help: 'Kubernetes API request latency (after any client-side rate limiter wait)',
    labelNames: ['verb', 'resource'] as const, buckets: BUCKETS, registers,
  }));
  const waits = once(registry, 'kubenomad_kube_api_rate_limiter_wait_seconds', () => new Histogram({
    name: 'kubenomad_kube_api_rate_limiter_wait_seconds', help: 'Time Kubernetes API requests waited for the client-side rate limiter (--kube-api-qps, --kube-api-burst)',
    buckets: [0, ...BUCKETS], registers,
  }));
  return {
    request(info, code, seconds) {
      total.inc({ verb: info.verb, resource: info.resource, code });
      duration.observe({ verb: info.verb, resource: info.resource }, seconds);
    },
    throttled: (seconds) => waits.observe(seconds),
  };
}
