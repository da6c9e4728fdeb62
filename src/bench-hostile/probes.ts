/**
 * What "the operator is not frozen" means, measured from outside: /healthz and a trivial AdmissionReview timed per
 * request, the worst event-loop delay prom-client saw between two scrapes of /metrics, and the process's memory.
 * A Monitor samples them all in a loop while a hostile input is being processed.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { OperatorProcess } from './operator-process.js';

/** prom-client's worst event-loop delay since the previous scrape (the operator prefixes its default metrics). */
export const EVENT_LOOP_MAX_METRIC = 'kubenomad_nodejs_eventloop_lag_max_seconds';

/** Per-request timeout of a probe: a probe that takes this long counts as this long. Each probe opens its own
 * connection (no keep-alive), as a kubelet probe does, so a server closing an idle socket is not counted. */
const PROBE_TIMEOUT_MS = 10_000;

/** One timed request. */
export interface Timed {
  ok: boolean;
  ms: number;
  status: number;
  body: string;
}

function timed(send: (done: (status: number, body: string) => void) => { on(e: 'error', f: (err: Error) => void): void; end(b?: string): void }, payload?: string): Promise<Timed> {
  const started = performance.now();
  return new Promise((resolve) => {
    const finish = (status: number, body: string): void => resolve({ ok: status === 200, ms: performance.now() - started, status, body });
    const req = send(finish);
    req.on('error', (err) => finish(0, String(err)));
    req.end(payload);
  });
}

/** GETs http://127.0.0.1:port/path. */
export function httpGet(port: number, path: string): Promise<Timed> {
  return timed((done) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET', timeout: PROBE_TIMEOUT_MS, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => done(res.statusCode ?? 0, body));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    return req;
  });
}

/** A small valid NomadJob in an AdmissionReview for /validate-nomadjob. */
export function trivialReview(namespace: string): object {
  const object = {
    apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'probe', namespace },
    spec: { type: 'service', groups: [{ name: 'g', count: 1, tasks: [{ name: 't', driver: 'docker', config: { image: 'redis:7' }, resources: { cpu: 100, memory: 64 } }] }] },
  };
  return {
    apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview',
    request: { uid: `probe-${Date.now()}`, operation: 'CREATE', namespace, name: 'probe', object, kind: { group: 'kubenomad.io', version: 'v1alpha1', kind: 'NomadJob' } },
  };
}

/** POSTs a trivial AdmissionReview to the webhook on loopback; ok only when it answers `allowed: true`. */
export async function admissionProbe(port: number, caCert: string, namespace: string): Promise<Timed> {
  const payload = JSON.stringify(trivialReview(namespace));
  const r = await timed((done) => {
    const req = httpsRequest({
      host: '127.0.0.1', port, path: '/validate-nomadjob', method: 'POST', ca: caCert, servername: 'localhost', timeout: PROBE_TIMEOUT_MS, agent: false,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => done(res.statusCode ?? 0, body));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    return req;
  }, payload);
  const allowed = r.ok && (JSON.parse(r.body) as { response?: { allowed?: boolean } }).response?.allowed === true;
  return { ...r, ok: allowed };
}

/** The value of an unlabelled metric in Prometheus text, or undefined. */
export function metricValue(text: string, name: string): number | undefined {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

/** Maxima of one monitored window. */
export interface MonitorReport {
  samples: number;
  /** Slowest /healthz answer (ms), failures counted as the probe timeout. */
  maxHealthzMs: number;
  /** Slowest trivial AdmissionReview (ms); undefined when the webhook was not probed. */
  maxAdmissionMs?: number;
  /** Probes that failed (non-200, not allowed, connection error, timeout), with what was seen. */
  failures: string[];
  /** Worst event-loop delay (ms) prom-client reported over the window; undefined if /metrics never answered. */
  maxEventLoopMs?: number;
  /** Highest VmRSS sampled (MiB) and the process's VmHWM at the end (MiB). */
  maxRssMiB: number;
  peakRssMiB: number;
}

/** A running monitor. */
export interface Monitor {
  /** The maxima so far, without stopping. */
  report(): MonitorReport;
  stop(): Promise<MonitorReport>;
}

/** What a monitor watches. */
export interface MonitorTarget {
  operator: OperatorProcess;
  /** Probe the webhook too (its CA and a namespace to put in the review). */
  webhook?: { caCert: string; namespace: string };
  /** Pause between samples (default 250 ms). */
  intervalMs?: number;
}

interface MonitorState {
  report: MonitorReport;
  stopped: boolean;
}

async function sampleOnce(t: MonitorTarget, s: MonitorState): Promise<void> {
  const metricsPort = t.operator.metricsPort();
  const webhookPort = t.operator.webhookPort();
  const r = s.report;
  r.samples++;
  if (metricsPort !== undefined) {
    const h = await httpGet(metricsPort, '/healthz');
    r.maxHealthzMs = Math.max(r.maxHealthzMs, h.ms);
    if (!h.ok) r.failures.push(`healthz ${h.status} after ${Math.round(h.ms)} ms: ${h.body.slice(0, 120)}`);
  }
  if (t.webhook && webhookPort !== undefined) {
    const a = await admissionProbe(webhookPort, t.webhook.caCert, t.webhook.namespace);
    r.maxAdmissionMs = Math.max(r.maxAdmissionMs ?? 0, a.ms);
    if (!a.ok) r.failures.push(`admission ${a.status} after ${Math.round(a.ms)} ms: ${a.body.slice(0, 120)}`);
  }
  if (metricsPort !== undefined && r.samples % 4 === 1) await scrapeLag(metricsPort, r);
  r.maxRssMiB = Math.max(r.maxRssMiB, t.operator.rssMiB());
}

async function scrapeLag(port: number, r: MonitorReport): Promise<void> {
  const m = await httpGet(port, '/metrics');
  const lag = m.ok ? metricValue(m.body, EVENT_LOOP_MAX_METRIC) : undefined;
  if (lag !== undefined && Number.isFinite(lag)) r.maxEventLoopMs = Math.max(r.maxEventLoopMs ?? 0, lag * 1000);
}

/**
 * Samples /healthz, the webhook and VmRSS every `intervalMs`, and /metrics every fourth sample. The first scrape
 * resets prom-client's event-loop histogram, so the window starts clean.
 */
export async function startMonitor(t: MonitorTarget): Promise<Monitor> {
  const s: MonitorState = { report: { samples: 0, maxHealthzMs: 0, failures: [], maxRssMiB: 0, peakRssMiB: 0 }, stopped: false };
  const port = t.operator.metricsPort();
  if (port !== undefined) await httpGet(port, '/metrics'); // resets the histogram: what came before is not this window's
  const loop = (async (): Promise<void> => {
    while (!s.stopped) {
      await sampleOnce(t, s);
      await new Promise((r) => setTimeout(r, t.intervalMs ?? 250));
    }
  })();
  return {
    report: () => ({ ...s.report, failures: [...s.report.failures], peakRssMiB: t.operator.peakRssMiB() }),
    async stop() {
      if (s.stopped) return { ...s.report, failures: [...s.report.failures] };
      s.stopped = true;
      await loop;
      if (port !== undefined) await scrapeLag(port, s.report); // what happened since the last scrape
      s.report.peakRssMiB = t.operator.peakRssMiB();
      return { ...s.report, failures: [...s.report.failures] };
    },
  };
}
