/**
 * Nomad's HTTP API on the e2e control plane: the NomadJob, dispatch and periodic controllers and the API server run
 * in this process; callers are ServiceAccounts with and without RBAC. The Go conformance suite (test/conformance,
 * Nomad's official api client) walks issue #15's list; malformed requests get Nomad-style 4xx errors.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeConfig } from '@kubernetes/client-node';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Registry } from 'prom-client';
import { startDispatchController } from '../../src/controllers/dispatch/controller.js';
import { startNomadJobController } from '../../src/controllers/nomadjob/controller.js';
import { startPeriodicController } from '../../src/controllers/periodic/controller.js';
import { createFakeNodes, deleteFakeNodes } from '../../src/local-cluster/bootstrap.js';
import { createLogger } from '../../src/logging.js';
import { startNomadApiServer, type NomadApiServer } from '../../src/nomad-api/index.js';
import { defaultOperatorConfig } from '../../src/operator/run.js';
import { createNamespace, deleteNamespace, kubeConfig } from './support/cluster.js';
import { buildConformance, goMissing, grantNomadApiUser, revokeNomadApiUser, serviceAccountToken } from './support/nomad-api.js';

const NS = 'e2e-nomad-api';
const DC = 'dc-nomad-api';
// 2304 MiB = 9 × 256 MB per node: seed 001's redis fits 15 times and runs out of memory before 50 (CPU: 9600 MHz ≥ 9 × 500).
const NODES = ['nomad-api-a', 'nomad-api-b', 'nomad-api-mysql-backup'];

let kc: KubeConfig;
let api: NomadApiServer;
let allowed: string;
let denied: string;
const running: Array<{ stop(): Promise<void> }> = [];

beforeAll(async () => {
  kc = kubeConfig();
  await createNamespace(kc, NS);
  await createFakeNodes(kc, NODES.map((name) => ({ name, datacenter: DC, cpuCores: 4, memoryMiB: 2304 })));
  const log = createLogger(process.env.KUBENOMAD_E2E_LOG ?? 'silent');
  const settings = defaultOperatorConfig({}).scheduler;
  running.push(await startNomadJobController({ kc, log, registry: new Registry(), settings, namespace: NS }));
  running.push(await startDispatchController({ kc, log, registry: new Registry(), namespace: NS }));
  running.push(await startPeriodicController({ kc, log, registry: new Registry(), namespace: NS }));
  api = await startNomadApiServer({
    kubeconfig: kc, port: 0, host: '127.0.0.1', maxBodyBytes: 256 * 1024,
    settings: { ns: { defaultNamespace: NS }, scheduler: settings, region: 'global', advertise: '127.0.0.1:4647', operatorWaitMs: 30_000 },
  });
  allowed = await serviceAccountToken(kc, NS, 'nomad-user');
  denied = await serviceAccountToken(kc, NS, 'nobody');
  await grantNomadApiUser(kc, NS, 'nomad-user');
}, 120_000);

afterAll(async () => {
  await api?.close();
  for (const r of running) await r.stop();
  await revokeNomadApiUser(kc, NS);
  await deleteFakeNodes(kc, NODES);
  await deleteNamespace(kc, NS);
});

const missingGo = goMissing();
const goIt = missingGo ? it.skip : it;
if (missingGo) process.stderr.write(`[nomad-api] skipping the Go conformance suite: ${missingGo}\n`);

describe("Nomad's official Go client", () => {
  goIt('passes the conformance suite (parse, register, evaluations, scale, plan, dispatch, force, blocking query, RBAC, variables, stop, purge, deployments, versions, promote, revert)', async () => {
    const binary = buildConformance();
    const env = {
      ...process.env, NOMAD_ADDR: `http://127.0.0.1:${api.port}`, NOMAD_TOKEN: allowed, NOMAD_NAMESPACE: 'default',
      CONFORMANCE_DENIED_TOKEN: denied, CONFORMANCE_HCL_DIR: resolve('test/fixtures/hcl'), CONFORMANCE_DATACENTER: DC,
    };
    // Asynchronously: the API server answering the suite runs in this process.
    const r = await run(binary, ['-test.v', '-test.timeout', '8m'], env);
    if (r.status !== 0) throw new Error(`conformance failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    expect(r.stdout).toMatch(/--- PASS: TestConformance/);
    expect(r.stdout).toMatch(/--- PASS: TestDeployments/);
  }, 600_000);
});

function run(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(bin, args, { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

async function call(method: string, path: string, body?: string, token = allowed): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = token ? { 'X-Nomad-Token': token } : {};
  const r = await fetch(`http://127.0.0.1:${api.port}${path}`, { method, headers, body });
  return { status: r.status, text: await r.text() };
}

describe('malformed requests', () => {
  it.each([
    ['bad JSON', 'PUT', '/v1/jobs', '{"Job": {', 400, 'not valid JSON'],
    ['a body that is not an object', 'PUT', '/v1/jobs', '[1,2]', 400, 'JSON object'],
    ['no job', 'PUT', '/v1/jobs', '{}', 400, 'Job must be specified'],
    ['an unknown field', 'PUT', '/v1/jobs', '{"Job": {"ID": "x", "Bogus": 1}}', 400, 'Job.Bogus: unknown field'],
    ['a wrong type', 'PUT', '/v1/jobs', '{"Job": {"ID": "x", "TaskGroups": [{"Name": "g", "Count": "three"}]}}', 400, 'Job.TaskGroups[0].Count: expected an integer'],
    ['a duration as a string', 'PUT', '/v1/jobs', '{"Job": {"ID": "x", "Update": {"Stagger": "30s"}}}', 400, 'expected a duration in nanoseconds'],
    ['a mismatched job ID', 'POST', '/v1/job/other', '{"Job": {"ID": "x"}}', 400, 'Job ID does not match'],
    ['HCL that does not parse', 'POST', '/v1/jobs/parse', '{"JobHCL": "job \\"x\\" {"}', 400, 'Error parsing job file'],
    ['a negative count', 'POST', '/v1/job/x/scale', '{"Count": -1, "Target": {"Group": "g"}}', 400, "can't be negative"],
    ['a bad filter', 'GET', '/v1/jobs?filter=Status%20%3D%3D', undefined, 400, 'failed to read filter expression'],
    ['a bad index', 'GET', '/v1/jobs?index=abc', undefined, 400, 'Invalid index'],
    ['an unknown path', 'GET', '/v1/nothing', undefined, 404, 'Invalid URL'],
    ['a wrong method', 'DELETE', '/v1/jobs', undefined, 405, 'Invalid method'],
    ['a variable path that escapes', 'PUT', '/v1/var/..%2F..', '{"Items": {"a": "b"}}', 400, 'invalid path'],
    ['logs without a task', 'GET', '/v1/client/fs/logs/nope', undefined, 400, 'must include task name'],
    ['logs of an unknown allocation', 'GET', '/v1/client/fs/logs/nope?task=t', undefined, 404, 'alloc not found'],
    ['a revert without JobID', 'POST', '/v1/job/x/revert', '{"JobVersion": 0}', 400, 'JobID must be specified'],
    ['a revert to a negative version', 'POST', '/v1/job/x/revert', '{"JobID": "x", "JobVersion": -1}', 400, 'JobVersion must be a non-negative integer'],
    ['a promote for another deployment', 'POST', '/v1/deployment/promote/a', '{"DeploymentID": "b", "All": true}', 400, 'Deployment ID does not match'],
    ['a pause without Pause', 'POST', '/v1/deployment/pause/a', '{"DeploymentID": "a"}', 400, 'Pause must be true or false'],
    ['an unknown deployment', 'GET', '/v1/deployment/nope', undefined, 404, 'deployment not found'],
    ['versions with a diffs that is not a bool', 'GET', '/v1/job/x/versions?diffs=yes', undefined, 400, 'as a bool'],
    ['a separate stderr log', 'GET', '/v1/client/fs/logs/nope?task=t&type=stderr', undefined, 501, 'not yet supported'],
  ])('%s → %i', async (_what, method, path, body, status, text) => {
    const r = await call(method, path, body);
    expect([r.status, r.text]).toEqual([status, expect.stringContaining(text)]);
  });

  it('refuses a body over the bound with 413 and keeps serving', async () => {
    const r = await call('PUT', '/v1/jobs', 'a'.repeat(300 * 1024));
    expect(r.status).toBe(413);
    expect((await call('GET', '/v1/jobs')).status).toBe(200);
  });

  it('refuses a request without a token with 403 before reading Kubernetes', async () => {
    expect(await call('GET', '/v1/jobs', undefined, '')).toEqual({ status: 403, text: expect.stringContaining('Permission denied') });
  });

  it('answers random bytes and random JSON with 4xx, never 5xx, and stays up', async () => {
    const seeds = ['{"Job":', '\u0000\u0001', '{"Job": {"ID": null, "TaskGroups": {"a": 1}}}', '{"Job": {"ID": "y", "Datacenters": "dc"}}', 'null', '"x"', '{"Job": {"ID": "z", "TaskGroups": [null, 3]}}'];
    for (const body of seeds) {
      for (const path of ['/v1/jobs', '/v1/job/y/plan', '/v1/job/y/dispatch', '/v1/job/y/scale', '/v1/jobs/parse', '/v1/var/a', '/v1/job/y/revert', '/v1/deployment/promote/y', '/v1/deployment/pause/y', '/v1/deployment/fail/y']) {
        const r = await call(path.startsWith('/v1/var') ? 'PUT' : 'POST', path, body);
        expect([path, body, r.status >= 400 && r.status < 500]).toEqual([path, body, true]);
      }
    }
    expect((await call('GET', '/v1/status/leader')).status).toBe(200);
  });
});
