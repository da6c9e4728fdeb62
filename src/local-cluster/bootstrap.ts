/** Puts a fresh cluster in shape: the kubenomad CRDs installed and established, fake nodes registered. */
import { ApiextensionsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import * as yaml from 'js-yaml';
import { renderCrds } from '../crds/index.js';
import { applyObjects, toApiError } from '../k8s/objects.js';
import { fakeNode, type FakeNodeSpec } from './fake-nodes.js';
import { NOT_READY_ANNOTATION } from './kwok-stages.js';
import { waitFor } from './readiness.js';

/** Applies the generated CRDs and waits until the apiserver serves them. */
export async function installCrds(kc: KubeConfig): Promise<void> {
  const crds = Object.values(renderCrds()).map((text) => yaml.load(text) as KubernetesObject);
  await applyObjects(kc, crds);
  const api = kc.makeApiClient(ApiextensionsV1Api);
  for (const crd of crds) {
    const name = crd.metadata?.name ?? '';
    await waitFor(`CRD ${name} to be established`, async () => {
      const got = await api.readCustomResourceDefinition({ name });
      return got.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false;
    }, 30_000);
  }
}

/** Registers fake nodes (kwok makes them Ready); existing ones are replaced. */
export async function createFakeNodes(kc: KubeConfig, specs: FakeNodeSpec[]): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  for (const spec of specs) {
    try {
      await core.createNode({ body: fakeNode(spec) });
    } catch (err) {
      const e = toApiError(err);
      if (e.code !== 409) throw new Error(`Cannot create fake node ${spec.name}: ${e.message}`, { cause: err });
    }
  }
}

/** Deletes fake nodes by name (missing ones are ignored). */
export async function deleteFakeNodes(kc: KubeConfig, names: string[]): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  for (const name of names) {
    try {
      await core.deleteNode({ name });
    } catch (err) {
      if (toApiError(err).code !== 404) throw err;
    }
  }
}

/** Makes a fake node NotReady (kwok reports Ready=False and stops its heartbeat), or Ready again. */
export async function setFakeNodeNotReady(kc: KubeConfig, name: string, notReady: boolean): Promise<void> {
  const body = { metadata: { annotations: { [NOT_READY_ANNOTATION]: notReady ? 'true' : null } } };
  await kc.makeApiClient(CoreV1Api).patchNode({ name, body }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
}

/** Creates a namespace (an existing one is fine) and waits for its default ServiceAccount, without which pods are refused. */
export async function ensureNamespace(kc: KubeConfig, name: string, timeoutMs = 60_000): Promise<string> {
  const core = kc.makeApiClient(CoreV1Api);
  try {
    await core.createNamespace({ body: { metadata: { name } } });
  } catch (err) {
    if (toApiError(err).code !== 409) throw err;
  }
  await waitFor(`service account default in ${name}`, async () => {
    try {
      await core.readNamespacedServiceAccount({ name: 'default', namespace: name });
      return true;
    } catch {
      return false;
    }
  }, timeoutMs, 250);
  return name;
}
