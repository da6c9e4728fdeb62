/**
 * Event-loop delay as cumulative metrics (prom-client's default `nodejs_eventloop_lag_max_seconds` resets at every
 * scrape, so a stall between scrapes of different scrapers is lost): a timer due every `intervalMs` observes how late
 * it fired into a histogram, and the worst delay since start is kept in a gauge. Alerting on
 * `kubenomad_event_loop_delay_seconds_bucket{le="0.1"}` shows whether any input held the loop.
 */
import { Gauge, Histogram, type Registry } from 'prom-client';

/** Sampling period of the delay timer. */
export const EVENT_LOOP_SAMPLE_MS = 50;

/** Starts sampling into `registry`; returns the stop function. `now` is injectable for tests. */
export function trackEventLoopDelay(registry: Registry, intervalMs = EVENT_LOOP_SAMPLE_MS, now: () => number = () => performance.now()): () => void {
  const histogram = new Histogram({
    name: 'kubenomad_event_loop_delay_seconds',
    help: 'How late a timer due every 50 ms fired: the time the event loop was held by other work',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const worst = new Gauge({ name: 'kubenomad_event_loop_delay_max_seconds', help: 'The worst event-loop delay since the operator started', registers: [registry] });
  let max = 0;
  let due = now() + intervalMs;
  const timer = setInterval(() => {
    const t = now();
    const late = Math.max(0, t - due) / 1000;
    due = t + intervalMs;
    histogram.observe(late);
    if (late > max) worst.set((max = late));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
