/** Deployment helpers for e2e tests: pod readiness driven per pod on kwok nodes, and waits on a job's deployment. */
import { CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { DeploymentState, NomadJob, NomadJobSpec } from '../../../src/crds/nomadjob-types.js';
import { planSnapshot } from '../../../src/cli/plan.js';
import { waitFor } from '../../../src/local-cluster/readiness.js';
import { readJob } from './jobs.js';

/** Label: the allocation's version hash (spelled here so a rename in the code fails the tests). */
export const VERSION = 'kubenomad.io/version';

/** A pod's version hash. */
export const versionOf = (p: V1Pod): string | undefined => p.metadata?.labels?.[VERSION];

/** Whether the pod's Ready condition is True. */
export const isReady = (p: V1Pod): boolean => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/** Makes a pod Ready (a kwok pod started with the unready annotation): its Ready conditions and containers, now. */
export async function makePodReady(kc: KubeConfig, namespace: string, pod: V1Pod): Promise<void> {
  const now = new Date();
  const conditions = ['Ready', 'ContainersReady'].map((type) => ({ type, status: 'True', lastTransitionTime: now }));
  // containerStatuses has no merge key: the whole list is replaced, so it is sent whole.
  const containerStatuses = (pod.status?.containerStatuses ?? []).map((c) => ({ ...c, ready: true }));
  await kc.makeApiClient(CoreV1Api).patchNamespacedPodStatus(
    { name: pod.metadata?.name ?? '', namespace, body: { status: { conditions, containerStatuses } } },
    setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
  );
}

/** Waits until the job's deployment satisfies `want` (true, or a string saying what is missing), and returns the job. */
export async function waitDeployment(
  kc: KubeConfig, namespace: string, name: string, what: string, want: (d: DeploymentState, job: NomadJob) => boolean, timeoutMs = 120_000,
): Promise<NomadJob> {
  let job: NomadJob | undefined;
  await waitFor(`${namespace}/${name}: ${what}`, async () => {
    job = await readJob(kc, namespace, name);
    const d = job?.status?.deployment;
    return (d !== undefined && want(d, job!)) || JSON.stringify(d ?? job?.status ?? null).slice(0, 600);
  }, timeoutMs, 250);
  return job!;
}

/** What `kubenomad plan` prints for `spec` against the stored job and the cluster as it is now. */
export async function planText(kc: KubeConfig, namespace: string, name: string, spec: NomadJobSpec): Promise<string> {
  const core = kc.makeApiClient(CoreV1Api);
  const [existing, nodes, pods] = await Promise.all([readJob(kc, namespace, name), core.listNode({}), core.listPodForAllNamespaces({})]);
  return planSnapshot({ name, namespace, spec, existing, nodes: nodes.items, pods: pods.items, now: new Date() }).text;
}
