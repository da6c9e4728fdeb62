/**
 * Two operator processes under the chart's RBAC (a ServiceAccount token from the TokenRequest API):
 * exactly one leads; killing it hands over within the lease duration, with no duplicate allocations.
 * Needs the operator to run leader election when KUBENOMAD_LEADER_ELECTION_ID is set (see runOperator).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import * as yaml from 'js-yaml';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../../src/local-cluster/readiness.js';
import { createFakeNodes, deleteFakeNodes } from '../../src/local-cluster/bootstrap.js';
import { leaseClient } from '../../src/operator/leader-election.js';
import { createJob, jobPods, redisJob } from './support/jobs.js';
import { createNamespace, deleteNamespace, kubeConfig, kubectl } from './support/cluster.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NS = 'e2e-leader';
const RELEASE = 'le';
const SA = `${RELEASE}-kubenomad`;
const LEASE = 'kubenomad-e2e-leader';
const NODES = ['le-node-1', 'le-node-2'];
// Short timings so the test runs in seconds; the chart defaults are 15/10/2.
const LEASE_SECONDS = 6;
let kc: KubeConfig;
let kubeconfigFile: string;

interface Operator {
  name: string;
  proc: ChildProcess;
  log: string[];
  metricsPort?: number;
}
const operators: Operator[] = [];

function startOperator(name: string): Operator {
  const proc = spawn(process.execPath, [join(ROOT, 'bin/kubenomad.js'), 'operator', '--kubeconfig', kubeconfigFile], {
    env: {
      ...process.env, KUBENOMAD_LEADER_ELECTION_ID: LEASE, KUBENOMAD_LEADER_ELECTION_NAMESPACE: NS, POD_NAME: name,
      KUBENOMAD_LEASE_DURATION_SECONDS: String(LEASE_SECONDS), KUBENOMAD_RENEW_DEADLINE_SECONDS: '4', KUBENOMAD_RETRY_PERIOD_SECONDS: '1',
      KUBENOMAD_METRICS_PORT: '0', KUBENOMAD_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const op: Operator = { name, proc, log: [] };
  const onLine = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      op.log.push(line);
      const port = /"port":(\d+)/.exec(line);
      if (port && line.includes('/metrics')) op.metricsPort = Number(port[1]);
    }
  };
  proc.stdout?.on('data', onLine);
  proc.stderr?.on('data', onLine);
  operators.push(op);
  return op;
}

const leads = (op: Operator): boolean => op.log.some((l) => l.includes('became leader'));

async function leaderMetric(op: Operator): Promise<number | undefined> {
  if (!op.metricsPort) return undefined;
  const text = await (await fetch(`http://127.0.0.1:${op.metricsPort}/metrics`)).text();
  const m = /^kubenomad_leader (\d+)/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** The chart's ServiceAccount and RBAC, rendered by helm and applied for real. */
function applyChartRbac(): void {
  const helm = execFileSync('bash', [join(ROOT, 'scripts/tools.sh'), 'helm'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 600_000 }).trim();
  const rendered = execFileSync(helm, ['template', RELEASE, join(ROOT, 'deploy/helm/kubenomad'), '--namespace', NS,
    '--set', `leaderElection.leaseName=${LEASE}`,
    '--show-only', 'templates/serviceaccount.yaml', '--show-only', 'templates/clusterrole.yaml', '--show-only', 'templates/role.yaml'], { encoding: 'utf8' });
  const r = kubectl(['apply', '-f', '-'], rendered);
  if (r.status !== 0) throw new Error(`kubectl apply failed: ${r.stderr}`);
}

/** A kubeconfig for the ServiceAccount: the suite's server and CA with a TokenRequest bearer token. */
async function serviceAccountKubeconfig(): Promise<string> {
  const token = await kc.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({
    name: SA, namespace: NS, body: { spec: { audiences: [], expirationSeconds: 3600 } },
  });
  const cluster = kc.getCurrentCluster();
  if (!cluster || !token.status?.token) throw new Error('No cluster or token');
  const config = {
    apiVersion: 'v1', kind: 'Config', 'current-context': 'sa',
    clusters: [{ name: 'e2e', cluster: { server: cluster.server, 'certificate-authority-data': cluster.caData, 'certificate-authority': cluster.caFile } }],
    users: [{ name: SA, user: { token: token.status.token } }],
    contexts: [{ name: 'sa', context: { cluster: 'e2e', user: SA, namespace: NS } }],
  };
  const file = join(mkdtempSync(join(tmpdir(), 'kubenomad-le-')), 'kubeconfig');
  writeFileSync(file, yaml.dump(config, { skipInvalid: true }));
  return file;
}

beforeAll(async () => {
  kc = kubeConfig();
  await createNamespace(kc, NS);
  await createFakeNodes(kc, NODES.map((name) => ({ name, datacenter: 'le-dc', memoryMiB: 4096 })));
  applyChartRbac();
  await waitFor('service account', async () => {
    try {
      await kc.makeApiClient(CoreV1Api).readNamespacedServiceAccount({ name: SA, namespace: NS });
      return true;
    } catch {
      return false;
    }
  }, 30_000);
  kubeconfigFile = await serviceAccountKubeconfig();
}, 660_000);

afterAll(async () => {
  for (const op of operators) op.proc.kill('SIGKILL');
  kubectl(['delete', 'clusterrole,clusterrolebinding', SA, '--ignore-not-found']);
  if (kc) await deleteNamespace(kc, NS);
  if (kc) await deleteFakeNodes(kc, NODES);
});

describe('leader election with two operator processes', () => {
  it('elects exactly one leader, hands over within the lease duration when it dies, and never duplicates allocations', async () => {
    const a = startOperator('op-a');
    const b = startOperator('op-b');
    await waitFor('a leader', async () => leads(a) || leads(b), 60_000);
    await new Promise((r) => setTimeout(r, 3000)); // several retry periods: the other must still follow
    const [leader, follower] = leads(a) ? [a, b] : [b, a];
    expect(leads(follower)).toBe(false);
    const lease = await leaseClient(kc, NS, LEASE).get();
    expect(lease?.spec?.holderIdentity).toBe(leader.name);
    expect(lease?.spec?.renewTime).toMatch(/\.\d{6}Z$/);
    expect(await leaderMetric(leader)).toBe(1);
    expect(await leaderMetric(follower)).toBe(0);

    await createJob(kc, NS, 'cache', redisJob(['le-dc'], 3));
    await waitFor('3 allocations', async () => (await jobPods(kc, NS, 'cache')).length === 3, 60_000);

    const killedAt = Date.now();
    leader.proc.kill('SIGKILL');
    await waitFor('the follower to lead', async () => leads(follower), (LEASE_SECONDS + 10) * 1000);
    const handover = (Date.now() - killedAt) / 1000;
    // Worst case: the last renewal just before the kill + lease duration + one retry period (+ slack for the poll).
    expect(handover).toBeLessThanOrEqual(LEASE_SECONDS + 1 + 2);
    expect((await leaseClient(kc, NS, LEASE).get())?.spec).toMatchObject({ holderIdentity: follower.name, leaseTransitions: 1 });
    expect(await leaderMetric(follower)).toBe(1);

    await new Promise((r) => setTimeout(r, 5000)); // let the new leader resync and reconcile
    const pods = (await jobPods(kc, NS, 'cache')).filter((p) => !p.metadata?.deletionTimestamp);
    expect(pods).toHaveLength(3);
    const allocNames = pods.map((p) => p.metadata?.annotations?.['kubenomad.io/alloc-name']);
    expect(new Set(allocNames).size).toBe(3);
  }, 180_000);
});

describe('the Lease client', () => {
  it('keeps the labels and annotations of a Lease it renews (e.g. the Helm release that owns it)', async () => {
    const name = 'labelled-lease';
    const client = leaseClient(kc, NS, name);
    const manifest = {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: { name, namespace: NS, labels: { 'app.kubernetes.io/managed-by': 'Helm' }, annotations: { 'meta.helm.sh/release-name': 'kn' } },
      spec: {},
    };
    kubectl(['apply', '-f', '-'], JSON.stringify(manifest));
    const read = await client.get();
    expect(await client.update(read!, { holderIdentity: 'op-x', leaseDurationSeconds: 15 })).toBe('ok');
    const after = await client.get();
    expect(after?.spec?.holderIdentity).toBe('op-x');
    expect(after?.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'Helm' });
    expect(after?.metadata.annotations?.['meta.helm.sh/release-name']).toBe('kn');
  });
});
