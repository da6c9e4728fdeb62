/**
 * The scheduler's invariant, checked from what is bound: on every node, the requests of its non-terminal pods
 * fit its allocatable (cpu in millicores, memory and other resources in base units, the pod count), and no
 * two of them hold the same host port.
 */
import { CoreV1Api, type KubeConfig, type V1Container, type V1Node, type V1Pod } from '@kubernetes/client-node';
import { milliCpu, parseQuantity } from '../../../src/k8s/quantity.js';

/** One resource of one node requested beyond its allocatable, or a host port held twice. */
export interface Overcommit {
  node: string;
  /** `cpu` (millicores), `memory` (bytes), `pods`, any other resource name, or `hostPort <proto>/<port>`. */
  resource: string;
  used: number;
  allocatable: number;
  pods: string[];
}

type Amounts = Map<string, number>;

function amount(resource: string, q: string | undefined): number {
  if (resource === 'cpu') return milliCpu(q);
  const v = parseQuantity(q);
  return Number.isNaN(v) ? 0 : v;
}

function amounts(list: Record<string, string> | undefined): Amounts {
  return new Map(Object.entries(list ?? {}).map(([k, v]) => [k, amount(k, v)]));
}

function add(into: Amounts, from: Amounts): void {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v);
}

function maxInto(into: Amounts, from: Amounts): void {
  for (const [k, v] of from) into.set(k, Math.max(into.get(k) ?? 0, v));
}

const isSidecar = (c: V1Container): boolean => c.restartPolicy === 'Always';

/**
 * A pod's effective requests as kube-scheduler computes them (component-helpers `PodRequests`): the sum of its
 * containers plus its sidecars (init containers with restartPolicy Always), or the largest init container
 * (plus the sidecars started before it) when that is more; plus the pod overhead. Pod-level requests win.
 */
export function effectiveRequests(pod: V1Pod): Amounts {
  const spec = pod.spec;
  const reqs: Amounts = new Map();
  for (const c of spec?.containers ?? []) add(reqs, amounts(c.resources?.requests));
  const sidecars: Amounts = new Map();
  const initMax: Amounts = new Map();
  for (const c of spec?.initContainers ?? []) {
    const own = amounts(c.resources?.requests);
    if (isSidecar(c)) {
      add(reqs, own);
      add(sidecars, own);
      maxInto(initMax, sidecars);
    } else {
      const during = new Map(own);
      add(during, sidecars);
      maxInto(initMax, during);
    }
  }
  maxInto(reqs, initMax);
  for (const [k, v] of amounts(spec?.resources?.requests)) reqs.set(k, v);
  add(reqs, amounts(spec?.overhead));
  return reqs;
}

/** Host ports a pod holds: `<protocol>/<port>` of its containers and sidecars. */
export function hostPorts(pod: V1Pod): string[] {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter(isSidecar)];
  return containers.flatMap((c) => (c.ports ?? []).filter((p) => p.hostPort).map((p) => `${p.protocol ?? 'TCP'}/${p.hostPort}`));
}

const terminal = (p: V1Pod): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const podKey = (p: V1Pod): string => `${p.metadata?.namespace}/${p.metadata?.name}`;

/** What is over-committed on one node, given its non-terminal bound pods. */
export function nodeOvercommits(node: V1Node, pods: V1Pod[]): Overcommit[] {
  const name = node.metadata?.name ?? '';
  const allocatable = amounts(node.status?.allocatable);
  const used: Amounts = new Map([['pods', pods.length]]);
  for (const p of pods) add(used, effectiveRequests(p));
  const out: Overcommit[] = [];
  const names = pods.map(podKey);
  for (const [resource, n] of used) {
    const cap = allocatable.get(resource) ?? 0;
    if (n > cap) out.push({ node: name, resource, used: n, allocatable: cap, pods: names });
  }
  const holders = new Map<string, string[]>();
  for (const p of pods) for (const port of hostPorts(p)) holders.set(port, [...(holders.get(port) ?? []), podKey(p)]);
  for (const [port, owners] of holders) {
    if (owners.length > 1) out.push({ node: name, resource: `hostPort ${port}`, used: owners.length, allocatable: 1, pods: owners });
  }
  return out;
}

/** Every over-committed resource and doubly-held host port on the named nodes (all pods of the cluster count). */
export async function overcommittedNodes(kc: KubeConfig, nodeNames: string[]): Promise<Overcommit[]> {
  const core = kc.makeApiClient(CoreV1Api);
  const wanted = new Set(nodeNames);
  const nodes = (await core.listNode({})).items.filter((n) => wanted.has(n.metadata?.name ?? ''));
  const missing = nodeNames.filter((n) => !nodes.some((x) => x.metadata?.name === n));
  if (missing.length > 0) throw new Error(`Nodes not found: ${missing.slice(0, 5).join(', ')}`);
  const pods = (await core.listPodForAllNamespaces({ fieldSelector: 'spec.nodeName!=' })).items.filter((p) => !terminal(p));
  const byNode = new Map<string, V1Pod[]>();
  for (const p of pods) byNode.set(p.spec!.nodeName!, [...(byNode.get(p.spec!.nodeName!) ?? []), p]);
  return nodes.flatMap((n) => nodeOvercommits(n, byNode.get(n.metadata?.name ?? '') ?? []));
}
