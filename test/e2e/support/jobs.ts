/** NomadJob fixtures and reads for e2e tests. */
import { CoreV1Api, CustomObjectsApi, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { NomadJob, NomadJobSpec } from '../../../src/crds/nomadjob-types.js';
import { toApiError } from '../../../src/k8s/objects.js';

const G = { group: 'kubenomad.io', version: 'v1alpha1', plural: 'nomadjobs' };

/** Seed 001's redis job (`nomad init` example): docker redis, cpu 500 MHz, memory 256 MB, a dynamic port "db". */
export function redisJob(datacenters: string[], count: number): NomadJobSpec {
  return {
    type: 'service',
    datacenters,
    groups: [{
      name: 'cache',
      count,
      networks: [{ ports: [{ label: 'db', to: 6379 }] }],
      tasks: [{ name: 'redis', driver: 'docker', config: { image: 'redis:3.2', ports: ['db'] }, resources: { cpu: 500, memory: 256 } }],
    }],
  };
}

/** Creates a NomadJob. */
export async function createJob(kc: KubeConfig, namespace: string, name: string, spec: NomadJobSpec): Promise<void> {
  await kc.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({ ...G, namespace, body: { apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name }, spec } });
}

/** Reads a NomadJob (undefined when absent). */
export async function readJob(kc: KubeConfig, namespace: string, name: string): Promise<NomadJob | undefined> {
  try {
    return (await kc.makeApiClient(CustomObjectsApi).getNamespacedCustomObject({ ...G, namespace, name })) as NomadJob;
  } catch (err) {
    if (toApiError(err).code === 404) return undefined;
    throw err;
  }
}

/** Merge-patches a NomadJob's spec. */
export async function patchJobSpec(kc: KubeConfig, namespace: string, name: string, spec: Partial<NomadJobSpec>): Promise<void> {
  const { setHeaderOptions, PatchStrategy } = await import('@kubernetes/client-node');
  await kc.makeApiClient(CustomObjectsApi).patchNamespacedCustomObject({ ...G, namespace, name, body: { spec } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
}

/** Deletes a NomadJob. */
export async function deleteJob(kc: KubeConfig, namespace: string, name: string): Promise<void> {
  try {
    await kc.makeApiClient(CustomObjectsApi).deleteNamespacedCustomObject({ ...G, namespace, name });
  } catch (err) {
    if (toApiError(err).code !== 404) throw err;
  }
}

/** The pods of a job. */
export async function jobPods(kc: KubeConfig, namespace: string, job: string): Promise<V1Pod[]> {
  const list = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace, labelSelector: `kubenomad.io/job=${job}` });
  return list.items;
}

/** Sets a label on a NomadJob (no spec change): an event that makes the controller reconcile the job again. */
export async function touchJob(kc: KubeConfig, namespace: string, name: string, value: string): Promise<void> {
  const { setHeaderOptions, PatchStrategy } = await import('@kubernetes/client-node');
  const body = { metadata: { labels: { 'e2e.kubenomad.io/touched': value } } };
  await kc.makeApiClient(CustomObjectsApi).patchNamespacedCustomObject({ ...G, namespace, name, body }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
}
