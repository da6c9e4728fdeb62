/**
 * The bench's cluster: the project's own local control plane (etcd, kube-apiserver, kube-controller-manager,
 * kwok), the CRDs, and N fake nodes of 8 CPU / 32 GiB / 110 pods at 1000 MHz, all Ready before the first round.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKubeConfig } from '../k8s/kubeconfig.js';
import { createFakeNodes, installCrds } from '../local-cluster/bootstrap.js';
import type { FakeNodeSpec } from '../local-cluster/fake-nodes.js';
import { startLocalCluster, type LocalCluster } from '../local-cluster/local-cluster.js';
import { BenchApi } from './api.js';
import { until } from './namespaces.js';
import { DEFAULT_SHAPE, type PodShape } from './workloads.js';

/** Allocatable of every fake node. */
export const NODE = { cpuCores: 8, cpuMhz: 1000, memoryMiB: 32 * 1024, pods: 110 } as const;

/** How many pods of a shape fill one node: min over cpu, memory and pods (16 for the default shape, cpu-bound). */
export function podsPerNode(shape: PodShape): number {
  return Math.min(Math.floor((NODE.cpuCores * 1000) / shape.cpuMilli), Math.floor(NODE.memoryMiB / shape.memoryMiB), NODE.pods);
}

/**
 * The pod shape for `pods` on `nodes`: the default (500m / 1 GiB) when they fit, else the largest shape of which
 * ⌈pods / nodes⌉ fill a node's cpu and memory alike (100,000 on 5,000 nodes: 400m / 1638 MiB), so ideal packing
 * stays defined and every system gets the same pods.
 */
export function podShapeFor(pods: number, nodes: number): PodShape {
  if (nodes * podsPerNode(DEFAULT_SHAPE) >= pods) return DEFAULT_SHAPE;
  const perNode = Math.ceil(pods / nodes);
  if (perNode > NODE.pods) throw new Error(`${pods} pods do not fit on ${nodes} nodes (${NODE.pods} pods per node at most)`);
  return { cpuMilli: Math.floor((NODE.cpuCores * 1000) / perNode), memoryMiB: Math.floor(NODE.memoryMiB / perNode) };
}

/** A running bench cluster. */
export interface BenchCluster {
  cluster: LocalCluster;
  api: BenchApi;
  nodeNames: string[];
}

interface NodeList {
  items: Array<{ spec?: { taints?: unknown[] }; status?: { conditions?: Array<{ type: string; status: string }> } }>;
}

const nodeName = (i: number): string => `bench-node-${String(i + 1).padStart(5, '0')}`;

/** Registers the fake nodes, several creates at a time. */
async function registerNodes(cluster: LocalCluster, count: number): Promise<string[]> {
  const kc = loadKubeConfig(cluster.kubeconfigPath);
  const specs: FakeNodeSpec[] = Array.from({ length: count }, (_, i) => ({ name: nodeName(i), datacenter: 'dc1', ...NODE }));
  const chunks = 8;
  const size = Math.ceil(count / chunks);
  await Promise.all(Array.from({ length: chunks }, (_, c) => createFakeNodes(kc, specs.slice(c * size, (c + 1) * size))));
  return specs.map((s) => s.name);
}

/** Whether every node is Ready and untainted (kwok has initialised them and the node controller agrees). */
async function allReady(api: BenchApi, count: number): Promise<boolean> {
  const list = await api.json<NodeList>('GET', '/api/v1/nodes');
  const ready = list.items.filter((n) => !n.spec?.taints?.length && n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
  return ready.length >= count;
}

/** Starts the control plane, installs the CRDs and registers `nodes` fake nodes; `keep` keeps the directory. */
export async function startBenchCluster(nodes: number, keep: boolean, log: (line: string) => void, kwokRunsPods = false): Promise<BenchCluster> {
  const dir = keep ? mkdtempSync(join(tmpdir(), 'kubenomad-bench-e2e-')) : undefined;
  const cluster = await startLocalCluster({ dir, removeOnStop: !keep, log, startTimeoutMs: 120_000, kwokRunsPods });
  const api = new BenchApi(cluster.server, { ca: cluster.pki.caCert, cert: cluster.pki.adminCert, key: cluster.pki.adminKey });
  try {
    await installCrds(loadKubeConfig(cluster.kubeconfigPath));
    const t0 = Date.now();
    const nodeNames = await registerNodes(cluster, nodes);
    // kwok initialises nodes one by one: allow 300 s, or 100 ms per node beyond 3,000 on a busy machine.
    await until(`${nodes} fake nodes to be Ready`, () => allReady(api, nodes), Math.max(300_000, nodes * 100), 1000);
    log(`${nodes} fake nodes Ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return { cluster, api, nodeNames };
  } catch (err) {
    api.close();
    await cluster.stop();
    throw err;
  }
}
