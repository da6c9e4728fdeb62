import { describe, expect, it } from '@jest/globals';
import { defaultOperatorConfig } from './run.js';

describe('defaultOperatorConfig', () => {
  it("keeps Nomad's placement behaviour when nothing is set", () => {
    const c = defaultOperatorConfig({});
    expect(c).toMatchObject({ metricsPort: 8080, concurrency: 4, scheduler: { algorithm: 'binpack' } });
    expect(c.scheduler.scanLimit).toBeUndefined();
    expect(c.scheduler.bestFitCandidates).toBeUndefined();
    expect(c.namespace).toBeUndefined();
  });

  it('reads the scheduler and scope settings from KUBENOMAD_* variables', () => {
    const c = defaultOperatorConfig({
      KUBENOMAD_SCHEDULER_ALGORITHM: 'spread', KUBENOMAD_SCHEDULER_SCAN_LIMIT: '128',
      KUBENOMAD_SCHEDULER_BEST_FIT_CANDIDATES: '2', KUBENOMAD_NAMESPACE: 'jobs', KUBENOMAD_METRICS_PORT: '0',
    });
    expect(c).toMatchObject({ metricsPort: 0, namespace: 'jobs', scheduler: { algorithm: 'spread', scanLimit: 128, bestFitCandidates: 2 } });
  });
});
