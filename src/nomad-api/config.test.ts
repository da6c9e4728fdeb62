import { describe, expect, it } from '@jest/globals';
import { nomadApiConfigFromEnv } from './config.js';

describe('nomadApiConfigFromEnv', () => {
  it("serves on Nomad's port 4646, token required, Nomad's default namespace = Kubernetes default", () => {
    expect(nomadApiConfigFromEnv({})).toEqual({ port: 4646, defaultNamespace: 'default', anonymous: false, maxBodyBytes: 4 * 1024 * 1024, region: 'global', advertise: undefined, tlsCertDir: undefined });
  });

  it('reads the KUBENOMAD_NOMAD_API_* variables; -1 turns the API off; nonsense falls back to the defaults', () => {
    const c = nomadApiConfigFromEnv({ KUBENOMAD_NOMAD_API_PORT: '-1', KUBENOMAD_NOMAD_API_ANONYMOUS: 'true', KUBENOMAD_NOMAD_API_DEFAULT_NAMESPACE: 'apps', KUBENOMAD_NOMAD_API_MAX_BODY_BYTES: '1024' });
    expect(c).toMatchObject({ port: -1, anonymous: true, defaultNamespace: 'apps', maxBodyBytes: 1024 });
    expect(nomadApiConfigFromEnv({ KUBENOMAD_NOMAD_API_PORT: 'http', KUBENOMAD_NOMAD_API_MAX_BODY_BYTES: '-5', KUBENOMAD_NOMAD_API_ANONYMOUS: 'yes' })).toMatchObject({ port: 4646, maxBodyBytes: 4 * 1024 * 1024, anonymous: false });
  });
});
