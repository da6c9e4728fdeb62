// kubenomad dev's operator settings: metrics on loopback, a free port unless one is asked for.
import { describe, expect, it } from '@jest/globals';
import { devOperatorConfig } from './dev.js';

describe('devOperatorConfig', () => {
  it('binds metrics to loopback on a free port, so a second dev instance does not collide', () => {
    expect(devOperatorConfig({})).toMatchObject({ metricsPort: 0, metricsHost: '127.0.0.1' });
  });

  it('keeps the port KUBENOMAD_METRICS_PORT names', () => {
    expect(devOperatorConfig({ KUBENOMAD_METRICS_PORT: '9100' })).toMatchObject({ metricsPort: 9100, metricsHost: '127.0.0.1' });
  });
});
