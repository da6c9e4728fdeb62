/**
 * After a run: every node holds at most its allocatable (cpu, memory, pods) in the requests of the non-terminal
 * pods bound to it, counted as kube-scheduler does (max of the containers' sum and each init container, plus
 * overhead); and how many nodes the run's pods use.
 */
import { mebibytes, milliCpu } from '../k8s/quantity.js';
import type { BenchApi } from './api.js';

/** What one run's check found. */
export interface PackingCheck {
  nodesUsed: number;
  /** One line per node whose pods ask for more than it has: `node-7: cpu 8500m > 8000m`. */
  overcommitted: string[];
  /** Non-terminal bound pods of the run's namespace (more than the run's N means duplicates). */
  podsInNamespace: number;
  /** For the first over-committed node: its pods as `creationTimestamp name phase`, oldest first (diagnosis). */
  worstNodePods: string[];
}

type Requests = Record<string, string | undefined> | undefined;

interface PodItem {
  metadata: { namespace: string; name: string; creationTimestamp?: string };
  status?: { phase?: string };
  spec: {
    nodeName?: string;
    containers: Array<{ resources?: { requests?: Requests } }>;
    initContainers?: Array<{ resources?: { requests?: Requests } }>;
    overhead?: Requests;
  };
}

interface NodeItem {
  metadata: { name: string };
  status?: { allocatable?: Requests };
}

interface Page<T> {
  metadata: { continue?: string };
  items: T[];
}

/** Usage of one node: millicores, MiB, pods. */
interface Usage {
  cpu: number;
  memory: number;
  pods: number;
}

async function listAll<T>(api: BenchApi, path: string): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined = '';
  while (token !== undefined) {
    const sep = path.includes('?') ? '&' : '?';
    const page: Page<T> = await api.json<Page<T>>('GET', `${path}${sep}limit=2000${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
    items.push(...page.items);
    token = page.metadata.continue || undefined;
  }
  return items;
}

/** The effective request of a pod, as kube-scheduler counts it. */
export function podRequests(spec: PodItem['spec']): Usage {
  const sum = (cs: Array<{ resources?: { requests?: Requests } }>, f: (r: Requests) => number): number =>
    cs.reduce((acc, c) => acc + f(c.resources?.requests), 0);
  const peak = (f: (r: Requests) => number): number => Math.max(sum(spec.containers, f), ...(spec.initContainers ?? []).map((c) => f(c.resources?.requests)));
  const cpu = (r: Requests): number => milliCpu(r?.cpu ?? '0');
  const memory = (r: Requests): number => mebibytes(r?.memory ?? '0');
  return { cpu: peak(cpu) + cpu(spec.overhead), memory: peak(memory) + memory(spec.overhead), pods: 1 };
}

/** `node-7: cpu 8500m > 8000m` when a node holds more than it has, else undefined. */
function overcommitOf(name: string, used: Usage, allocatable: Requests): string | undefined {
  const have: Usage = { cpu: milliCpu(allocatable?.cpu ?? '0'), memory: mebibytes(allocatable?.memory ?? '0'), pods: Number(allocatable?.pods ?? 0) };
  const unit: Record<keyof Usage, string> = { cpu: 'm', memory: 'Mi', pods: '' };
  const over = (Object.keys(unit) as Array<keyof Usage>)
    .filter((k) => used[k] > have[k] + 1e-6)
    .map((k) => `${k} ${used[k]}${unit[k]} > ${have[k]}${unit[k]}`);
  return over.length ? `${name}: ${over.join(', ')}` : undefined;
}

/** Checks every node against the non-terminal pods bound to it, and counts the nodes `ns`'s pods use. */
export async function checkPacking(api: BenchApi, ns: string): Promise<PackingCheck> {
  const selector = encodeURIComponent('spec.nodeName!=,status.phase!=Succeeded,status.phase!=Failed');
  const [nodes, pods] = await Promise.all([
    listAll<NodeItem>(api, '/api/v1/nodes'),
    listAll<PodItem>(api, `/api/v1/pods?fieldSelector=${selector}`),
  ]);
  const usage = new Map<string, Usage>();
  const used = new Set<string>();
  let podsInNamespace = 0;
  for (const pod of pods) {
    if (pod.metadata.namespace === ns) podsInNamespace++;
    const node = pod.spec.nodeName ?? '';
    const r = podRequests(pod.spec);
    const u = usage.get(node) ?? { cpu: 0, memory: 0, pods: 0 };
    usage.set(node, { cpu: u.cpu + r.cpu, memory: u.memory + r.memory, pods: u.pods + r.pods });
    if (pod.metadata.namespace === ns) used.add(node);
  }
  const overcommitted = nodes
    .map((n) => overcommitOf(n.metadata.name, usage.get(n.metadata.name) ?? { cpu: 0, memory: 0, pods: 0 }, n.status?.allocatable))
    .filter((s): s is string => s !== undefined);
  const worst = overcommitted[0]?.split(':')[0];
  const worstNodePods = worst === undefined ? [] : pods
    .filter((p) => p.spec.nodeName === worst)
    .map((p) => `${p.metadata.creationTimestamp ?? '?'} ${p.metadata.name} ${p.status?.phase ?? '?'}`)
    .sort();
  return { nodesUsed: used.size, overcommitted, podsInNamespace, worstNodePods };
}
