/** Finding the objects a Nomad ID names: a job by ID (its name, or spec.id for children like `ping/dispatch-…`), an allocation by alloc ID, a node by ID or name. */
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { ALLOC_ID_LABEL, MANAGED_LABEL } from '../../controllers/nomadjob/labels.js';
import type { NomadJob } from '../../crds/nomadjob-types.js';
import { paths, withQuery, type Cluster } from '../cluster.js';
import { errors } from '../errors.js';
import type { NodeIndex } from '../shapes/alloc.js';
import { jobIdOf } from '../shapes/job.js';

const DNS_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** Whether a Nomad job ID can be a NomadJob's name as it is. */
export function isObjectName(id: string): boolean {
  return DNS_NAME.test(id);
}

/** The NomadJob a job ID names in `namespace`, or undefined. */
export async function findJob(cluster: Cluster, namespace: string, id: string): Promise<NomadJob | undefined> {
  if (isObjectName(id)) {
    const job = await cluster.find<NomadJob>(paths.custom('nomadjobs', namespace, id));
    if (job && jobIdOf(job) === id) return job;
  }
  const { items } = await cluster.list<NomadJob>(paths.custom('nomadjobs', namespace));
  return items.find((j) => jobIdOf(j) === id);
}

/** The NomadJob a job ID names, or Nomad's 404 "job not found". */
export async function getJob(cluster: Cluster, namespace: string, id: string): Promise<NomadJob> {
  const job = await findJob(cluster, namespace, id);
  if (!job) throw errors.notFound('job');
  return job;
}

/** Node names → IDs (uids) and states, for allocation shapes. */
export function nodeIndex(nodes: readonly V1Node[]): NodeIndex {
  const ids: Record<string, string> = {};
  const states: Record<string, 'ready' | 'not-ready'> = {};
  for (const n of nodes) {
    const name = n.metadata?.name ?? '';
    ids[name] = n.metadata?.uid ?? name;
    states[name] = n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? 'ready' : 'not-ready';
  }
  return { ids, states };
}

/** Reads every node (as the caller). */
export async function readNodes(cluster: Cluster): Promise<{ items: V1Node[]; resourceVersion: string }> {
  return cluster.list<V1Node>(paths.nodes());
}

/** The node an ID (uid, a unique uid prefix, or a name) names, or Nomad's 404. */
export async function getNode(cluster: Cluster, id: string): Promise<V1Node> {
  const { items } = await readNodes(cluster);
  const exact = items.find((n) => n.metadata?.uid === id || n.metadata?.name === id);
  if (exact) return exact;
  const prefixed = items.filter((n) => id.length >= 1 && n.metadata?.uid?.startsWith(id));
  if (prefixed.length === 1) return prefixed[0]!;
  throw errors.notFound('node');
}

/** The allocation pod with this alloc ID in `namespace` (all namespaces when undefined), or Nomad's 404. */
export async function getAllocPod(cluster: Cluster, namespace: string | undefined, id: string): Promise<V1Pod> {
  if (!/^[A-Za-z0-9-]{1,63}$/.test(id)) throw errors.notFound('alloc');
  const { items } = await cluster.list<V1Pod>(withQuery(paths.core('pods', namespace), { labelSelector: `${MANAGED_LABEL}=true,${ALLOC_ID_LABEL}=${id}` }));
  const pod = items[0];
  if (!pod) throw errors.notFound('alloc');
  return pod;
}
