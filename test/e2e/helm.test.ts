/** The Helm chart: lints, renders for each values variant, and its manifests pass server-side dry-run on the real apiserver. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeConfig } from '@kubernetes/client-node';
import * as yaml from 'js-yaml';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { webhookConfigurations } from '../../src/webhook/configurations.js';
import { createNamespace, deleteNamespace, kubeConfig, kubectl } from './support/cluster.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHART = `${ROOT}deploy/helm/kubenomad`;
const NS = 'e2e-helm';
let helm: string;
let kc: KubeConfig;

type Manifest = { kind: string; apiVersion: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> } } & Record<string, unknown>;

function runHelm(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(helm, args, { encoding: 'utf8', env: { ...process.env, HELM_CACHE_HOME: '/tmp/kubenomad-helm/cache', HELM_CONFIG_HOME: '/tmp/kubenomad-helm/config', HELM_DATA_HOME: '/tmp/kubenomad-helm/data' } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function render(set: string[] = [], release = 'kn'): { text: string; docs: Manifest[] } {
  const r = runHelm(['template', release, CHART, '--namespace', NS, '--include-crds', ...set.flatMap((s) => ['--set', s])]);
  if (r.status !== 0) throw new Error(`helm template failed: ${r.stderr}`);
  const docs = yaml.loadAll(r.stdout).filter((d): d is Manifest => d !== null && typeof d === 'object');
  return { text: r.stdout, docs };
}

const find = (docs: Manifest[], kind: string): Manifest[] => docs.filter((d) => d.kind === kind);

beforeAll(async () => {
  helm = execFileSync('bash', [`${ROOT}scripts/tools.sh`, 'helm'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 600_000 }).trim();
  kc = kubeConfig();
  await createNamespace(kc, NS);
}, 660_000);
afterAll(async () => {
  if (kc) await deleteNamespace(kc, NS);
});

describe('helm lint', () => {
  it('passes in strict mode with the default values', () => {
    const r = runHelm(['lint', CHART, '--strict']);
    expect(r.stdout).toContain('0 chart(s) failed');
    expect(r.status).toBe(0);
  });

  it.each([
    ['replicaCount=0', 'replicaCount'],
    ['operator.schedulerAlgorithm=worst-fit', 'schedulerAlgorithm'],
    ['webhook.failurePolicy=Sometimes', 'failurePolicy'],
  ])('rejects invalid values through values.schema.json: %s', (set, field) => {
    const r = runHelm(['template', 'kn', CHART, '--set', set]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(field);
  });
});

describe('helm template', () => {
  it('renders the operator Deployment with 2 replicas, the operator command, env and a locked-down security context', () => {
    const [deployment] = find(render().docs, 'Deployment');
    const spec = deployment?.spec as { replicas: number; template: { spec: { containers: Array<Record<string, unknown>>; securityContext: Record<string, unknown> } } };
    expect(spec.replicas).toBe(2);
    const [container] = spec.template.spec.containers;
    expect(container?.command).toEqual(['node', 'bin/kubenomad.js', 'operator']);
    const env = (container?.env as Array<{ name: string }>).map((e) => e.name);
    expect(env).toEqual(expect.arrayContaining(['KUBENOMAD_METRICS_PORT', 'KUBENOMAD_LOG_LEVEL', 'KUBENOMAD_SCHEDULER_ALGORITHM',
      'KUBENOMAD_LEADER_ELECTION_ID', 'KUBENOMAD_LEADER_ELECTION_NAMESPACE']));
    expect(container?.securityContext).toMatchObject({
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
      capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container?.resources).toMatchObject({ requests: { cpu: '100m', memory: '128Mi' } });
  });

  it("serves Nomad's API on 4646 (container port, env, pod IP to advertise) unless nomadApi.enabled=false", () => {
    type Container = { env: Array<{ name: string; value?: string }>; ports: Array<{ name: string; containerPort: number }> };
    const container = (docs: Manifest[]): Container => (find(docs, 'Deployment')[0]?.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers[0]!;
    const on = container(render().docs);
    expect(on.ports).toEqual(expect.arrayContaining([{ name: 'nomad-api', containerPort: 4646, protocol: 'TCP' }]));
    expect(on.env.find((e) => e.name === 'KUBENOMAD_NOMAD_API_PORT')?.value).toBe('4646');
    expect(on.env.map((e) => e.name)).toEqual(expect.arrayContaining(['KUBENOMAD_NOMAD_API_DEFAULT_NAMESPACE', 'KUBENOMAD_NOMAD_API_ANONYMOUS', 'POD_IP']));
    const { docs } = render(['nomadApi.enabled=false']);
    expect(container(docs).env.find((e) => e.name === 'KUBENOMAD_NOMAD_API_PORT')?.value).toBe('-1');
    expect(container(docs).ports.map((p) => p.name)).not.toContain('nomad-api');
    expect((find(docs, 'Service')[0]?.spec as { ports: Array<{ name: string }> }).ports.map((p) => p.name)).not.toContain('nomad-api');
  });

  it("serves Nomad's API over HTTPS from nomadApi.tlsSecretName (mounted, its directory given to the operator)", () => {
    type PodSpec = { containers: Array<{ env: Array<{ name: string; value?: string }>; volumeMounts: Array<{ name: string; mountPath: string }> }>; volumes: Array<{ name: string; secret?: { secretName: string } }> };
    const spec = (docs: Manifest[]): PodSpec => (find(docs, 'Deployment')[0]?.spec as { template: { spec: PodSpec } }).template.spec;
    const tls = spec(render(['nomadApi.tlsSecretName=nomad-api-cert']).docs);
    expect(tls.containers[0]!.env.find((e) => e.name === 'KUBENOMAD_NOMAD_API_TLS_CERT_DIR')?.value).toBe('/etc/kubenomad/nomad-api-tls');
    expect(tls.containers[0]!.volumeMounts).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'nomad-api-tls', mountPath: '/etc/kubenomad/nomad-api-tls' })]));
    expect(tls.volumes).toEqual(expect.arrayContaining([{ name: 'nomad-api-tls', secret: { secretName: 'nomad-api-cert' } }]));
    expect(spec(render().docs).volumes.map((v) => v.name)).not.toContain('nomad-api-tls');
  });

  it('renders the Service (metrics 8080, Nomad API 4646, webhook 9443) and a PodDisruptionBudget', () => {
    const { docs } = render();
    const ports = (find(docs, 'Service')[0]?.spec as { ports: Array<{ name: string; port: number }> }).ports;
    expect(ports.map((p) => [p.name, p.port])).toEqual([['metrics', 8080], ['nomad-api', 4646], ['webhook', 9443]]);
    expect(find(docs, 'PodDisruptionBudget')[0]?.spec).toMatchObject({ minAvailable: 1 });
    expect(find(docs, 'ServiceMonitor')).toHaveLength(0);
  });

  it('includes the three CRDs from crds/', () => {
    const names = find(render().docs, 'CustomResourceDefinition').map((d) => d.metadata.name).sort();
    expect(names).toEqual(['dispatches.kubenomad.io', 'nomadjobs.kubenomad.io', 'periodics.kubenomad.io']);
  });

  it('points the webhooks at the chart Service on 9443 with the same names, paths and rules as src/webhook renders', () => {
    const { docs } = render();
    const expected = webhookConfigurations({ service: { name: 'kn-kubenomad', namespace: NS, port: 9443 }, caBundle: '' });
    for (const want of expected) {
      const got = docs.find((d) => d.kind === want.kind);
      const hooks = (got?.webhooks ?? []) as Array<Record<string, unknown>>;
      const shape = (h: Record<string, unknown>): unknown => ({
        name: h.name, rules: h.rules, sideEffects: h.sideEffects, admissionReviewVersions: h.admissionReviewVersions,
        service: { ...((h.clientConfig as { service: Record<string, unknown> }).service) },
      });
      expect(hooks.map(shape)).toEqual(want.webhooks.map(shape));
    }
  });

  it('annotates the webhooks for cert-manager CA injection and adds the Certificate when certManager.enabled', () => {
    const { docs } = render(['certManager.enabled=true']);
    for (const kind of ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']) {
      expect(find(docs, kind)[0]?.metadata.annotations?.['cert-manager.io/inject-ca-from']).toBe(`${NS}/kn-kubenomad-webhook`);
    }
    expect(find(docs, 'Certificate')[0]?.spec).toMatchObject({ secretName: 'kn-kubenomad-webhook-tls', dnsNames: [`kn-kubenomad.${NS}.svc`, `kn-kubenomad.${NS}.svc.cluster.local`] });
    // cert-manager owns the Secret: the operator needs no secrets or webhook-configuration permissions.
    const rules = find(docs, 'Role').flatMap((r) => r.rules as Array<{ resources: string[] }>);
    expect(rules.flatMap((r) => r.resources)).toContain('leases'); // the Role is rendered, so the absence below means something
    expect(rules.flatMap((r) => r.resources)).not.toContain('secrets');
  });

  it('renders a ServiceMonitor when metrics.serviceMonitor.enabled', () => {
    const [sm] = find(render(['metrics.serviceMonitor.enabled=true']).docs, 'ServiceMonitor');
    expect(sm?.spec).toMatchObject({ endpoints: [{ port: 'metrics', path: '/metrics' }] });
  });

  it('drops the PodDisruptionBudget and the lease permissions when there is a single replica without leader election', () => {
    const { docs } = render(['replicaCount=1', 'leaderElection.enabled=false']);
    expect(find(docs, 'PodDisruptionBudget')).toHaveLength(0);
    const rules = find(docs, 'Role').flatMap((r) => r.rules as Array<{ resources: string[] }>);
    expect(rules.flatMap((r) => r.resources)).toContain('secrets'); // the Role is still rendered (self-managed TLS)
    expect(rules.flatMap((r) => r.resources)).not.toContain('leases');
  });
});

describe('the rendered chart on the real apiserver', () => {
  it('passes server-side dry-run apply (CRDs included)', () => {
    const r = kubectl(['apply', '--dry-run=server', '--server-side', '--field-manager=helm-test', '-n', NS, '-f', '-'], render().text);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('deployment.apps/kn-kubenomad serverside-applied (server dry run)');
    expect(r.stdout).toContain('validatingwebhookconfiguration.admissionregistration.k8s.io/kn-kubenomad serverside-applied (server dry run)');
  });

  it('passes server-side dry-run apply without webhooks and with one replica', () => {
    const r = kubectl(['apply', '--dry-run=server', '--server-side', '--field-manager=helm-test', '-n', NS, '-f', '-'], render(['webhook.enabled=false', 'replicaCount=1']).text);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
