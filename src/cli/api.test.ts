import { describe, expect, it } from '@jest/globals';
import { apiInstructions } from './api.js';

describe('kubenomad api', () => {
  it('prints the in-cluster address, a port-forward, and the token to use', () => {
    const text = apiInstructions({ namespace: 'kubenomad-system', service: 'kubenomad', port: 4646 });
    expect(text).toContain('export NOMAD_ADDR=http://kubenomad.kubenomad-system.svc:4646');
    expect(text).toContain('kubectl -n kubenomad-system port-forward svc/kubenomad 4646:4646');
    expect(text).toContain('export NOMAD_TOKEN=$(kubectl -n <namespace> create token <service-account>)');
  });
});
