import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { trackEventLoopDelay } from './event-loop-metrics.js';

describe('event-loop delay metrics', () => {
  it('records a loop held by synchronous work in the histogram and keeps the worst delay across scrapes', async () => {
    const registry = new Registry();
    const stop = trackEventLoopDelay(registry, 10);
    try {
      const until = performance.now() + 120;
      while (performance.now() < until) { /* hold the loop */ }
      await new Promise((r) => setTimeout(r, 30));
      const scrape = async (): Promise<number> => Number(/^kubenomad_event_loop_delay_max_seconds (\S+)$/m.exec(await registry.metrics())?.[1]);
      const first = await scrape();
      expect(first).toBeGreaterThanOrEqual(0.1);
      expect(await scrape()).toBe(first); // not reset by a scrape
      expect(await registry.metrics()).toMatch(/kubenomad_event_loop_delay_seconds_bucket\{le="0.05"\} \d+/);
    } finally {
      stop();
    }
  });
});
