/**
 * The bench's world: a local control plane of its own, the CRDs, one namespace, and the fake nodes the hostile
 * cases need — a datacenter of normal nodes plus hostnames made for the backtracking pattern, and a datacenter of
 * three small nodes for the count-100000 group.
 */
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { loadKubeConfig } from '../k8s/kubeconfig.js';
import { createFakeNodes, ensureNamespace, installCrds } from '../local-cluster/bootstrap.js';
import type { FakeNodeSpec } from '../local-cluster/fake-nodes.js';
import { startLocalCluster, type LocalCluster } from '../local-cluster/local-cluster.js';
import { waitFor } from '../local-cluster/readiness.js';
import { redosHostnames } from './cases.js';

/** Names the cases use. */
export const WORLD = {
  namespace: 'bench-hostile',
  /** Namespace label the webhook configuration selects. */
  webhookLabel: 'kubenomad.io/bench-hostile-webhook',
  webhookConfiguration: 'kubenomad-bench-hostile',
  datacenter: 'hostile-dc',
  bigDatacenter: 'hostile-big',
  /** 3 nodes × (2048 MiB / 128 MB). */
  bigCapacity: 48,
} as const;

/** The fake nodes of the bench. */
export function worldNodes(): FakeNodeSpec[] {
  return [
    ...['hostile-1', 'hostile-2'].map((name) => ({ name, datacenter: WORLD.datacenter, cpuCores: 4, memoryMiB: 8192 })),
    ...redosHostnames(3).map((name) => ({ name, datacenter: WORLD.datacenter, cpuCores: 4, memoryMiB: 8192 })),
    ...['hostile-big-1', 'hostile-big-2', 'hostile-big-3'].map((name) => ({ name, datacenter: WORLD.bigDatacenter, cpuCores: 2, memoryMiB: 2048 })),
  ];
}

/** A started world. */
export interface World {
  cluster: LocalCluster;
  kc: KubeConfig;
}

async function readyNodes(kc: KubeConfig, names: string[]): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  await waitFor(`${names.length} fake nodes Ready`, async () => {
    const nodes = (await core.listNode({})).items.filter((n) => names.includes(n.metadata?.name ?? ''));
    const ready = nodes.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
    return ready === names.length || `${ready} ready`;
  }, 120_000, 250);
}

/** Starts the control plane and puts the bench's namespace and nodes in it; the caller stops `cluster`. */
export async function startWorld(log: (line: string) => void): Promise<World> {
  const cluster = await startLocalCluster({ log, startTimeoutMs: 120_000 });
  try {
    const kc = loadKubeConfig(cluster.kubeconfigPath);
    await installCrds(kc);
    await ensureNamespace(kc, WORLD.namespace);
    const nodes = worldNodes();
    await createFakeNodes(kc, nodes);
    await readyNodes(kc, nodes.map((n) => n.name));
    return { cluster, kc };
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}
