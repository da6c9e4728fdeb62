/**
 * The Helm chart as users install it, on a real node: `helm install` of deploy/helm/kubenomad with the operator
 * image built from the Dockerfile (2 replicas, leader election, self-managed webhook TLS), then real containers
 * placed by the operator under the chart's own ServiceAccount and RBAC, failover, upgrade, uninstall, and the
 * RBAC the operator really used (the apiserver's audit log) checked against the chart.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { CoreV1Api } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import type { NomadJob } from '../../../src/crds/nomadjob-types.js';
import { imageOf } from '../../../src/local-cluster/real-node/install.js';
import { guardedSysctls } from '../../../src/local-cluster/real-node/host-state.js';
import { tryRun } from '../../../src/local-cluster/real-node/host.js';
import { waitFor } from '../../../src/local-cluster/readiness.js';
import { createJob, readJob } from '../support/jobs.js';
import { CHART, ROOT, helm, writeValues } from './support/helm.js';
import { describeRealNode, startRealCluster, type RealCluster } from './support/real-cluster.js';
import { checkOperatorRbac } from './support/rbac.js';
import { deadWith, exitCodeOf, exitJob, httpGet, httpdJob, leaseHolder, operatorPods, podsOf, waitJob } from './support/workloads.js';

const NS = 'kubenomad-system';
const RELEASE = 'kubenomad';
const LEASE = `${RELEASE}-leader`;
const JOBS = 'jobs';
let rc: RealCluster;
let values: string;

const kubectlOk = (args: string[], input?: string): string => {
  const r = rc.kubectl(args, input);
  if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const example = (file: string): Record<string, unknown> => yaml.load(readFileSync(join(ROOT, 'examples', file), 'utf8')) as Record<string, unknown>;
const applyObject = (obj: unknown): string => kubectlOk(['apply', '-n', JOBS, '-f', '-'], JSON.stringify(obj));
/** The kubenomad CLI (bin/kubenomad.js) as the cluster's admin. */
const cli = (args: string[]): string => {
  const r = tryRun(process.execPath, [join(ROOT, 'bin', 'kubenomad.js'), '--kubeconfig', rc.cluster.kubeconfigPath, ...args]);
  if (r.status !== 0) throw new Error(`kubenomad ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout;
};
const helmOk = (args: string[]): string => {
  const r = helm(rc, args);
  if (r.status !== 0) throw new Error(`helm ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

async function waitOperatorsReady(count: number): Promise<void> {
  await waitFor(`${count} ready operator pods`, async () => {
    const pods = await operatorPods(rc.kc, NS, RELEASE);
    const ready = pods.filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
    return (pods.length === count && ready.length === count) || pods.map((p) => `${p.metadata?.name}:${p.status?.phase}`).join(' ');
  }, 120_000, 500);
}

beforeAll(async () => {
  rc = await startRealCluster();
  values = writeValues(rc, imageOf(rc.install, 'kubenomad') ?? 'missing-operator-image');
  kubectlOk(['create', 'namespace', JOBS]);
}, 1_200_000);

afterAll(async () => {
  await rc?.stop();
}, 120_000);

describeRealNode('the Helm chart on a real node', () => {
  it('installs 2 replicas of the locally built image; both serve, one leads; webhook TLS is self-managed', async () => {
    helmOk(['install', RELEASE, CHART, '-n', NS, '--create-namespace', '-f', values, '--wait', '--timeout', '4m']);
    await waitOperatorsReady(2);
    const pods = await operatorPods(rc.kc, NS, RELEASE);
    expect(pods.map((p) => p.spec?.nodeName)).toEqual([rc.node.name, rc.node.name]);
    expect(pods.every((p) => p.spec?.serviceAccountName === RELEASE)).toBe(true);
    await waitFor('a leader', async () => (await leaseHolder(rc.kc, NS, LEASE)) !== '', 60_000, 500);
    expect(pods.map((p) => p.metadata?.name)).toContain(await leaseHolder(rc.kc, NS, LEASE));
    const secret = await rc.kc.makeApiClient(CoreV1Api).readNamespacedSecret({ namespace: NS, name: `${RELEASE}-webhook-tls` });
    const caBundle = kubectlOk(['get', 'mutatingwebhookconfiguration', RELEASE, '-o', 'jsonpath={.webhooks[0].clientConfig.caBundle}']);
    expect(caBundle).toBe(secret.data?.['ca.crt']);
  }, 300_000);

  it('runs a service task that really listens on NOMAD_PORT_http and sees the NOMAD_* environment', async () => {
    await createJob(rc.kc, JOBS, 'web', httpdJob());
    await waitJob(rc.kc, JOBS, 'web', 'running', (j) => j.status?.running === 1);
    const [pod] = await podsOf(rc.kc, JOBS, 'web');
    expect(pod?.spec?.nodeName).toBe(rc.node.name);
    const port = pod?.spec?.containers[0]?.ports?.[0]?.hostPort;
    let page = { status: 0, body: '' };
    await waitFor('httpd answering on the node', async () => (page = await httpGet(`http://${rc.node.ip}:${port}/`)).status === 200 || page.body, 30_000, 500);
    const env = Object.fromEntries(page.body.split('\n').filter((l) => l.startsWith('NOMAD_')).map((l) => l.split(/=(.*)/s).slice(0, 2)));
    expect(env).toMatchObject({
      NOMAD_PORT_http: String(port), NOMAD_HOST_PORT_http: String(port), NOMAD_IP_http: rc.node.ip, NOMAD_JOB_ID: 'web',
      NOMAD_GROUP_NAME: 'web', NOMAD_TASK_NAME: 'httpd', NOMAD_ALLOC_INDEX: '0', NOMAD_DC: 'dc1',
      NOMAD_ALLOC_ID: pod?.metadata?.labels?.['kubenomad.io/alloc-id'],
    });
    // The same process, straight on the pod's address: it listens on NOMAD_PORT_http itself.
    expect((await httpGet(`http://${pod?.status?.podIP}:${env.NOMAD_PORT_http}/`)).status).toBe(200);
  }, 180_000);

  it('records complete and failed from the real exit codes 0 and 3', async () => {
    await createJob(rc.kc, JOBS, 'exit-0', exitJob(0));
    await createJob(rc.kc, JOBS, 'exit-3', exitJob(3));
    await waitJob(rc.kc, JOBS, 'exit-0', 'complete', deadWith('run', { complete: 1, failed: 0 }));
    await waitJob(rc.kc, JOBS, 'exit-3', 'failed', deadWith('run', { complete: 0, failed: 1 }));
    expect(exitCodeOf((await podsOf(rc.kc, JOBS, 'exit-0'))[0])).toBe(0);
    expect(exitCodeOf((await podsOf(rc.kc, JOBS, 'exit-3'))[0])).toBe(3);
  }, 180_000);

  it("dispatches seed 000's parameterized ping; the child pings the node for real and completes", async () => {
    kubectlOk(['apply', '-n', JOBS, '-f', join(ROOT, 'examples', 'ping-1-parameterized.yaml')]);
    const dispatch = example('ping-2-dispatch.yaml') as { spec: { meta: Record<string, string> } };
    dispatch.spec.meta.ADDRESS = rc.node.ip;
    applyObject(dispatch);
    let child = '';
    await waitFor('the dispatch complete', async () => {
      const d = JSON.parse(kubectlOk(['get', 'dispatch', '-n', JOBS, 'ping-10-0-0-7', '-o', 'json'])) as { status?: { phase?: string; childJob?: string } };
      child = d.status?.childJob ?? '';
      return d.status?.phase === 'complete' || JSON.stringify(d.status);
    }, 120_000, 1000);
    const [pod] = await podsOf(rc.kc, JOBS, child);
    expect(exitCodeOf(pod)).toBe(0);
    expect(kubectlOk(['logs', '-n', JOBS, pod?.metadata?.name ?? ''])).toContain('10 packets transmitted, 10 packets received');
  }, 180_000);

  it("launches seed 002's periodic child on the node its hostname regexp selects, and nowhere when it selects none", async () => {
    const job = example('mysql-backup-periodic.yaml') as { metadata: { name: string }; spec: NomadJob['spec'] };
    const elsewhere = structuredClone(job);
    elsewhere.metadata.name = 'mysql-backup-elsewhere';
    job.spec.constraints![0]!.value = `^${rc.node.name.replace(/[.]/g, '\\.')}$`;
    // The example's script does not exist in the exec image; the task says where it ran instead.
    for (const j of [job, elsewhere]) j.spec.groups![0]!.tasks[0]!.config = { command: 'sh', args: ['-c', 'echo backup on $(hostname)'] };
    applyObject(job);
    applyObject(elsewhere);
    const force = (name: string): string => /NomadJob [^/]+\/(\S+);/.exec(cli(['job', 'periodic', 'force', '-n', JOBS, name]))?.[1] ?? '';
    const child = force('mysql-backup');
    await waitJob(rc.kc, JOBS, child, 'complete', deadWith('run-mysql-backup', { complete: 1 }));
    expect((await podsOf(rc.kc, JOBS, child))[0]?.spec?.nodeName).toBe(rc.node.name);
    const stray = force('mysql-backup-elsewhere');
    const unplaced = await waitJob(rc.kc, JOBS, stray, 'unplaceable', (j) => (j.status?.placementFailures?.length ?? 0) > 0);
    expect(JSON.stringify(unplaced.status?.placementFailures)).toContain('.*mysql-backup');
    expect(await podsOf(rc.kc, JOBS, stray)).toHaveLength(0);
  }, 180_000);

  it('translates raw HCL through the in-cluster webhook and rejects invalid HCL with its position', async () => {
    kubectlOk(['apply', '-n', JOBS, '-f', join(ROOT, 'examples', 'example-hcl.yaml')]);
    const hello = (await readJob(rc.kc, JOBS, 'hello'))!;
    expect(hello.spec.hcl).toBeUndefined();
    expect(hello.metadata.annotations?.['kubenomad.io/hcl-source']).toContain('job "hello"');
    expect(hello.spec.groups?.[0]).toMatchObject({ name: 'web', count: 2 });
    // Placed and bound on the node; its image (hashicorp/http-echo) is not on this machine and no registry is
    // reachable: the pull fails at once on the loopback proxy containerd is given, nothing leaves the machine.
    await waitFor('both allocations pulling', async () => {
      const pods = await podsOf(rc.kc, JOBS, 'hello');
      const waiting = pods.map((p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason ?? '');
      return (pods.length === 2 && pods.every((p) => p.spec?.nodeName === rc.node.name) && waiting.every((w) => /ErrImagePull|ImagePullBackOff/.test(w))) || waiting.join(',');
    }, 90_000, 1000);
    kubectlOk(['delete', 'nomadjob', '-n', JOBS, 'hello']);
    const bad = { apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'bad-hcl' }, spec: { hcl: 'job "bad" {\n  group "g" {\n' } };
    const r = rc.kubectl(['apply', '-n', JOBS, '-f', '-'], JSON.stringify(bad));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/spec\.hcl: bad-hcl\.nomad:\d+:\d+: Unclosed configuration block/);
  }, 180_000);

  it('fails over: the leader killed (its pod gone), another replica takes the lease and places a new job', async () => {
    const leader = await leaseHolder(rc.kc, NS, LEASE);
    const pod = (await operatorPods(rc.kc, NS, RELEASE)).find((p) => p.metadata?.name === leader);
    const container = pod?.status?.containerStatuses?.[0]?.containerID?.replace('containerd://', '') ?? '';
    const killedAt = Date.now();
    // SIGKILL: no graceful release of the lease. The pod is force-deleted so kubelet does not restart it in place
    // (a restarted container keeps the pod name, its identity, and would simply renew).
    expect(rc.ctr(['tasks', 'kill', '-s', 'SIGKILL', container]).status).toBe(0);
    kubectlOk(['delete', 'pod', '-n', NS, leader, '--grace-period=0', '--force', '--wait=false']);
    let holder = leader;
    await waitFor('a new leader', async () => ((holder = await leaseHolder(rc.kc, NS, LEASE)) !== leader && holder !== '') || holder, 90_000, 500);
    expect((await operatorPods(rc.kc, NS, RELEASE)).map((p) => p.metadata?.name)).toContain(holder);
    process.stderr.write(`[real-node] leader ${leader} killed; ${holder} leads after ${Math.round((Date.now() - killedAt) / 1000)} s\n`);
    await createJob(rc.kc, JOBS, 'after-failover', exitJob(0));
    await waitJob(rc.kc, JOBS, 'after-failover', 'complete', deadWith('run', { complete: 1 }));
  }, 180_000);

  it('helm upgrade rolls both replicas, admission keeps answering through the rollout, no old pod is left', async () => {
    await waitOperatorsReady(2);
    const before = (await operatorPods(rc.kc, NS, RELEASE)).map((p) => p.metadata?.name);
    helmOk(['upgrade', RELEASE, CHART, '-n', NS, '-f', values, '--set', 'operator.logLevel=debug', '--wait', '--timeout', '4m']);
    // Right after the rollout: the replaced replicas keep serving until kube-proxy no longer sends them traffic
    // (the chart's preStop delay), so admission works at once.
    kubectlOk(['apply', '-n', JOBS, '-f', join(ROOT, 'examples', 'example-hcl.yaml')]);
    await waitOperatorsReady(2);
    await waitFor('the replaced pods gone', async () => {
      const names = kubectlOk(['get', 'pods', '-n', NS, '-l', `app.kubernetes.io/instance=${RELEASE}`, '-o', 'name']).split('\n').filter(Boolean);
      return names.length === 2 || names.join(' ');
    }, 90_000, 1000);
    const after = await operatorPods(rc.kc, NS, RELEASE);
    expect(after.map((p) => p.metadata?.name).filter((n) => before.includes(n))).toEqual([]);
    expect(after.every((p) => p.spec?.containers[0]?.env?.some((e) => e.name === 'KUBENOMAD_LOG_LEVEL' && e.value === 'debug'))).toBe(true);
    const rs = JSON.parse(kubectlOk(['get', 'rs', '-n', NS, '-o', 'json'])) as { items: Array<{ spec: { replicas: number } }> };
    expect(rs.items.map((r) => r.spec.replicas).sort()).toEqual([0, 2]);
    expect((await readJob(rc.kc, JOBS, 'hello'))?.spec.groups?.[0]?.name).toBe('web');
    kubectlOk(['delete', 'nomadjob', '-n', JOBS, 'hello']);
  }, 300_000);

  it('helm uninstall leaves no workload, Service, RBAC, webhook or Lease of the release behind', async () => {
    helmOk(['uninstall', RELEASE, '-n', NS, '--wait', '--timeout', '2m']);
    await waitFor('operator pods gone, terminating ones included', async () => {
      const pods = kubectlOk(['get', 'pods', '-n', NS, '-l', `app.kubernetes.io/instance=${RELEASE}`, '-o', 'name']);
      return pods.trim() === '' || pods;
    }, 120_000, 1000);
    const kinds = 'deployments,replicasets,pods,services,endpointslices,serviceaccounts,roles,rolebindings,poddisruptionbudgets,leases,configmaps';
    const left = kubectlOk(['get', kinds, '-n', NS, '-o', 'name']).split('\n').filter(Boolean);
    // What every namespace has, whoever installs what.
    expect(left.filter((n) => !['serviceaccount/default', 'configmap/kube-root-ca.crt'].includes(n))).toEqual([]);
    const cluster = kubectlOk(['get', 'clusterroles,clusterrolebindings,mutatingwebhookconfigurations,validatingwebhookconfigurations', '-o', 'name']);
    expect(cluster.split('\n').filter((n) => n.endsWith(`/${RELEASE}`))).toEqual([]);
    // Helm never deletes CRDs (crds/); the NomadJobs of users stay.
    expect(kubectlOk(['get', 'crd', '-o', 'name'])).toContain('nomadjobs.kubenomad.io');
  }, 180_000);

  it('helm uninstall also removes the webhook TLS Secret the operator created (owned by the webhook configuration)', async () => {
    const secrets = (): string[] => kubectlOk(['get', 'secrets', '-n', NS, '-o', 'name']).split('\n').filter(Boolean);
    await waitFor('the webhook TLS Secret garbage-collected', async () => !secrets().includes(`secret/${RELEASE}-webhook-tls`), 60_000, 500);
  }, 90_000);

  it('the operator requested only what the chart grants (RBAC from the audit log); idle grants are reported', () => {
    const report = checkOperatorRbac(rc, values, { namespace: NS, release: RELEASE });
    process.stderr.write(`[real-node] RBAC: ${report.used} (verb, group, resource) used; granted but never used: ${report.unused.join(', ') || 'none'}\n`);
    expect(report.requests).toBeGreaterThan(100);
    expect(report.ungranted).toEqual([]);
    expect(report.unexpectedNonResource).toEqual([]);
  });

  it('stops and leaves the machine as it found it: kernel settings, links, mounts, rules, processes', async () => {
    const left = await rc.stop();
    expect(left).toEqual([]);
    expect(guardedSysctls()).toEqual(rc.sysctlsBefore);
  }, 120_000);
});

