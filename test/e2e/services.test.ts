/**
 * A job's `service` block with an http check: a Kubernetes Service named after the service (named port, tags as
 * labels, meta as annotations, owned by the job), the check as each allocation's readiness probe (check_restart as
 * liveness), and EndpointSlices — from kube-controller-manager's endpointslice controller — listing exactly the ready
 * allocations; a failing check (the pod turns not Ready on its kwok node) removes one.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CoreV1Api, DiscoveryV1Api, PatchStrategy, setHeaderOptions, type KubeConfig, type V1Pod, type V1Service } from '@kubernetes/client-node';
import { pino } from 'pino';
import type { NomadJobSpec } from '../../src/crds/nomadjob-types.js';
import { startServicesController } from '../../src/controllers/services/controller.js';
import type { RunningController } from '../../src/controllers/runtime/controller-options.js';
import { deleteFakeNodes } from '../../src/local-cluster/bootstrap.js';
import { READINESS_FAILING_ANNOTATION } from '../../src/local-cluster/kwok-stages.js';
import { waitFor } from '../../src/local-cluster/readiness.js';
import { waitRunning } from './support/alloc.js';
import { createNamespace, deleteNamespace, kubeConfig } from './support/cluster.js';
import { createJob, readJob } from './support/jobs.js';
import { createReadyNodes } from './support/nodes.js';
import { startTestController, type TestController } from './support/operator.js';

const DC = 'sv-e2e';
let kc: KubeConfig;
let ns: string;
let nodes: string[] = [];
let jobs: TestController;
let services: RunningController;

const spec: NomadJobSpec = {
  type: 'service', datacenters: [DC],
  groups: [{
    name: 'web', count: 3,
    networks: [{ ports: [{ label: 'http', to: 8080 }] }],
    services: [{
      name: 'web-api', port: 'http', tags: ['v1', 'public'], meta: { team: 'core' }, provider: 'nomad',
      checks: [{ type: 'http', path: '/health', interval: '5s', timeout: '2s', header: { 'X-Check': ['yes'] }, checkRestart: { limit: 3, grace: '10s' } }],
    }],
    tasks: [{ name: 'server', driver: 'docker', config: { image: 'nginx:1.27', ports: ['http'] }, resources: { cpu: 100, memory: 64 } }],
  }],
};

/** Pod names behind the Service's ready endpoints. */
async function readyEndpoints(): Promise<string[]> {
  const slices = await kc.makeApiClient(DiscoveryV1Api).listNamespacedEndpointSlice({ namespace: ns, labelSelector: 'kubernetes.io/service-name=web-api' });
  return slices.items.flatMap((s) => s.endpoints.filter((e) => e.conditions?.ready === true).map((e) => e.targetRef?.name ?? '')).sort();
}

const names = (pods: V1Pod[]): string[] => pods.map((p) => p.metadata?.name ?? '').sort();

beforeAll(async () => {
  kc = kubeConfig();
  ns = await createNamespace(kc, 'e2e-services');
  nodes = await createReadyNodes(kc, [1, 2, 3].map((i) => ({ name: `${DC}-${i}`, datacenter: DC, cpuCores: 4, memoryMiB: 4096 })));
  jobs = await startTestController(ns);
  services = await startServicesController({ kc, log: pino({ level: 'silent' }), namespace: ns });
}, 180_000);

afterAll(async () => {
  await services?.stop();
  await jobs?.stop();
  await deleteNamespace(kc, ns);
  await deleteFakeNodes(kc, nodes);
});

describe('a service block with an http check', () => {
  it('becomes a Service of the job whose EndpointSlices list exactly the ready allocations; a failing check removes one', async () => {
    await createJob(kc, ns, 'web', spec);
    const pods = await waitRunning(kc, ns, 'web', 3);
    const core = kc.makeApiClient(CoreV1Api);
    let svc: V1Service | undefined;
    await waitFor('Service web-api', async () => {
      svc = await core.readNamespacedService({ name: 'web-api', namespace: ns }).catch(() => undefined);
      return svc !== undefined;
    }, 60_000, 250);
    const job = await readJob(kc, ns, 'web');
    expect({
      ports: svc!.spec?.ports?.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort })),
      selector: svc!.spec?.selector,
      tags: [svc!.metadata?.labels?.['tags.kubenomad.io/v1'], svc!.metadata?.labels?.['tags.kubenomad.io/public']],
      meta: svc!.metadata?.annotations?.['meta.kubenomad.io/team'],
      owner: svc!.metadata?.ownerReferences?.map((o) => [o.kind, o.name, o.uid]),
    }).toEqual({
      ports: [{ name: 'http', port: 8080, targetPort: 'http' }],
      selector: { 'kubenomad.io/job': 'web', 'kubenomad.io/group': 'web' },
      tags: ['true', 'true'],
      meta: 'core',
      owner: [['NomadJob', 'web', job?.metadata.uid]],
    });
    const container = pods[0]!.spec!.containers[0]!;
    expect(container.ports?.find((p) => p.protocol === 'TCP')).toMatchObject({ name: 'http', containerPort: 8080 });
    expect(container.readinessProbe).toMatchObject({ httpGet: { path: '/health', port: 8080, httpHeaders: [{ name: 'X-Check', value: 'yes' }] }, periodSeconds: 5, timeoutSeconds: 2 });
    expect(container.livenessProbe).toMatchObject({ httpGet: { path: '/health', port: 8080 }, failureThreshold: 3, initialDelaySeconds: 10 });

    let last: string[] = [];
    await waitFor('EndpointSlices list the 3 allocations', async () => {
      last = await readyEndpoints();
      return JSON.stringify(last) === JSON.stringify(names(pods)) || last.join(',');
    }, 60_000, 250);

    // The check of one allocation fails: kwok turns its pod not Ready.
    const failing = pods[1]!;
    await core.patchNamespacedPod({ name: failing.metadata!.name!, namespace: ns, body: { metadata: { annotations: { [READINESS_FAILING_ANNOTATION]: 'true' } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    const healthy = names(pods.filter((p) => p !== failing));
    await waitFor('EndpointSlices list the 2 ready allocations', async () => {
      last = await readyEndpoints();
      return JSON.stringify(last) === JSON.stringify(healthy) || last.join(',');
    }, 60_000, 250);
  }, 240_000);
});
