import { describe, expect, it } from '@jest/globals';
import { DEFAULT_BEST_FIT_CANDIDATES } from '../placement/index.js';
import { defaultOperatorConfig } from './run.js';

describe('defaultOperatorConfig', () => {
  it('packs tightly by default: binpack with best-fit candidates, Nomad\'s scan limit', () => {
    const c = defaultOperatorConfig({});
    expect(c).toMatchObject({ metricsPort: 8080, concurrency: 4, scheduler: { algorithm: 'binpack', bestFitCandidates: 2 } });
    expect(c.scheduler.bestFitCandidates).toBe(DEFAULT_BEST_FIT_CANDIDATES);
    expect(c.scheduler.scanLimit).toBeUndefined();
    expect(c.namespace).toBeUndefined();
  });

  it("gives Nomad's own random sample back with KUBENOMAD_SCHEDULER_BEST_FIT_CANDIDATES=0", () => {
    expect(defaultOperatorConfig({ KUBENOMAD_SCHEDULER_BEST_FIT_CANDIDATES: '0' }).scheduler.bestFitCandidates).toBe(0);
  });

  it.each(['', ' ', '-1', '1.5', 'two'])('keeps the best-fit default for %j', (value) => {
    expect(defaultOperatorConfig({ KUBENOMAD_SCHEDULER_BEST_FIT_CANDIDATES: value }).scheduler.bestFitCandidates).toBe(DEFAULT_BEST_FIT_CANDIDATES);
  });

  it('reads the scheduler and scope settings from KUBENOMAD_* variables', () => {
    const c = defaultOperatorConfig({
      KUBENOMAD_SCHEDULER_ALGORITHM: 'spread', KUBENOMAD_SCHEDULER_SCAN_LIMIT: '128',
      KUBENOMAD_SCHEDULER_BEST_FIT_CANDIDATES: '2', KUBENOMAD_NAMESPACE: 'jobs', KUBENOMAD_METRICS_PORT: '0',
    });
    expect(c).toMatchObject({ metricsPort: 0, namespace: 'jobs', scheduler: { algorithm: 'spread', scanLimit: 128, bestFitCandidates: 2 } });
  });

  it("limits API requests like kube-scheduler's clientConnection unless told otherwise", () => {
    expect(defaultOperatorConfig({}).kubeApi).toEqual({ qps: 50, burst: 100 });
    expect(defaultOperatorConfig({ KUBENOMAD_KUBE_API_QPS: '200', KUBENOMAD_KUBE_API_BURST: '400' }).kubeApi).toEqual({ qps: 200, burst: 400 });
    expect(defaultOperatorConfig({ KUBENOMAD_KUBE_API_QPS: '0' }).kubeApi).toEqual({ qps: 0, burst: 100 }); // 0: throttling off
  });

  it('keeps the API rate limit defaults for values that are not numbers', () => {
    expect(defaultOperatorConfig({ KUBENOMAD_KUBE_API_QPS: 'fast', KUBENOMAD_KUBE_API_BURST: '0.5' }).kubeApi).toEqual({ qps: 50, burst: 100 });
  });
});
