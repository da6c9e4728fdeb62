import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { startWebhookServer, type WebhookServer } from './server.js';
import { generateWebhookTls, type WebhookTls } from './tls.js';
import { webhookConfigurations, webhookConfigurationsYaml } from './configurations.js';

let tls: WebhookTls;
let server: WebhookServer;

beforeAll(async () => {
  tls = await generateWebhookTls('svc', 'ns');
  server = await startWebhookServer({ cert: tls.cert, key: tls.key, host: '127.0.0.1', port: 0, deps: { readNomadJob: async () => undefined } });
}, 30_000);
afterAll(async () => server.close());

function post(path: string, body: string | Buffer): Promise<{ status: number; json: { response: { allowed: boolean; uid: string; status?: { code: number; message: string } } } }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: 'POST', ca: tls.caCert, servername: 'localhost', headers: { 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('webhook server', () => {
  it('answers an AdmissionReview over TLS trusted through the generated CA', async () => {
    const hcl = readFileSync(new URL('../../test/fixtures/hcl/ping.nomad', import.meta.url), 'utf8');
    const review = { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'x', operation: 'CREATE', object: { metadata: { name: 'ping' }, spec: { hcl } } } };
    const start = performance.now();
    const r = await post('/mutate-nomadjob', JSON.stringify(review));
    expect(performance.now() - start).toBeLessThan(1000);
    expect(r.json.response).toMatchObject({ uid: 'x', allowed: true });
  });

  it('answers a denial for non-JSON and binary bodies', async () => {
    const r = await post('/mutate-nomadjob', Buffer.from([0, 1, 2, 255, 254]));
    expect(r.status).toBe(200);
    expect(r.json.response).toMatchObject({ allowed: false, status: { code: 400 } });
  });

  it('refuses bodies over 3 MiB with a valid AdmissionReview', async () => {
    const r = await post('/validate-nomadjob', Buffer.alloc(3 * 1024 * 1024 + 10, 0x61));
    expect(r.json.response).toMatchObject({ allowed: false, status: { code: 413 } });
  });

  it('survives deeply nested JSON', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const r = await post('/validate-nomadjob', deep);
    expect(r.json.response.allowed).toBe(false);
  });
});

describe('webhookConfigurations', () => {
  it('renders mutate and validate configurations with the admission settings the issue asks for', () => {
    const [mutating, validating] = webhookConfigurations({ caBundle: 'Q0E=', service: { name: 'kubenomad-webhook', namespace: 'kubenomad' } });
    expect(mutating.webhooks[0]).toMatchObject({
      name: 'mutate-nomadjob.kubenomad.io',
      clientConfig: { service: { name: 'kubenomad-webhook', namespace: 'kubenomad', port: 443, path: '/mutate-nomadjob' }, caBundle: 'Q0E=' },
      rules: [{ resources: ['nomadjobs'], operations: ['CREATE', 'UPDATE'] }],
      sideEffects: 'None', admissionReviewVersions: ['v1'], failurePolicy: 'Fail', timeoutSeconds: 10, matchPolicy: 'Equivalent',
    });
    expect(validating.webhooks.map((w) => w.name)).toEqual(['validate-nomadjob.kubenomad.io', 'validate-dispatch.kubenomad.io']);
    expect(validating.webhooks[1]).toMatchObject({ rules: [{ resources: ['dispatches'], operations: ['CREATE'] }] });
  });

  it('renders URL targets and YAML', () => {
    const yaml = webhookConfigurationsYaml({ caBundle: 'Q0E=', url: 'https://127.0.0.1:9443/' });
    expect(yaml).toContain('url: https://127.0.0.1:9443/validate-dispatch');
    expect(yaml.match(/^kind: /gm)).toHaveLength(2);
  });
});
