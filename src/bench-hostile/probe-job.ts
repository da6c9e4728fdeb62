/**
 * "Other work still gets done": a small job created while a hostile one is being handled, scaled 1 → 3, each step
 * waited for until its pods run, with the time each step took.
 */
import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { waitFor } from '../local-cluster/readiness.js';
import { toApiError } from '../k8s/objects.js';
import { nomadJob, probeJob } from './cases.js';

const G = { group: 'kubenomad.io', version: 'v1alpha1', plural: 'nomadjobs' };

/** Running pods (not being deleted) of a job. */
export async function runningPods(kc: KubeConfig, namespace: string, job: string): Promise<number> {
  const pods = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace, labelSelector: `kubenomad.io/job=${job}` });
  return pods.items.filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase === 'Running').length;
}

/** How long each step of the probe took, in ms. */
export interface ProbeTimes {
  oneRunningMs: number;
  threeRunningMs: number;
}

async function until(kc: KubeConfig, namespace: string, job: string, count: number, timeoutMs: number): Promise<number> {
  const started = performance.now();
  await waitFor(`${count} running pods of ${namespace}/${job}`, async () => {
    const n = await runningPods(kc, namespace, job);
    return n === count || `${n} running`;
  }, timeoutMs, 250);
  return performance.now() - started;
}

/** Creates the probe job with count 1, waits for it to run, scales it to 3 and waits again; deletes it after. */
export async function scaleProbe(kc: KubeConfig, namespace: string, name: string, datacenter: string, timeoutMs = 120_000): Promise<ProbeTimes> {
  const custom = kc.makeApiClient(CustomObjectsApi);
  await custom.createNamespacedCustomObject({ ...G, namespace, body: nomadJob(namespace, name, probeJob(datacenter, 1)) });
  try {
    const oneRunningMs = await until(kc, namespace, name, 1, timeoutMs);
    const body = { spec: { groups: probeJob(datacenter, 3).groups } };
    await custom.patchNamespacedCustomObject({ ...G, namespace, name, body }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    const threeRunningMs = await until(kc, namespace, name, 3, timeoutMs);
    return { oneRunningMs, threeRunningMs };
  } finally {
    await deleteNomadJob(kc, namespace, name);
  }
}

/** Deletes a NomadJob (a missing one is fine). */
export async function deleteNomadJob(kc: KubeConfig, namespace: string, name: string): Promise<void> {
  try {
    await kc.makeApiClient(CustomObjectsApi).deleteNamespacedCustomObject({ ...G, namespace, name });
  } catch (err) {
    if (toApiError(err).code !== 404) throw err;
  }
}
