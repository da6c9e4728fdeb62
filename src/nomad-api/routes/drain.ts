/**
 * POST /v1/node/:id/drain: Nomad's drain as Kubernetes does it — the node is cordoned (`spec.unschedulable`, Nomad's
 * ineligible) and every allocation pod on it is evicted at once through the Eviction API (PodDisruptionBudgets are
 * respected: a refused eviction leaves its pod, and the answer says so); the NomadJob controller places the
 * replacements elsewhere. A nil DrainSpec ends the drain (and with MarkEligible uncordons). The drain's start is
 * kept in the `kubenomad.io/drain` annotation (Nomad's `Drain` flag on the node).
 */
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { MANAGED_LABEL, SLOT_NODE_ANNOTATION } from '../../controllers/nomadjob/labels.js';
import { paths, withQuery, type Cluster } from '../cluster.js';
import { bodyObject, type ApiReply, type ApiRequest } from '../context.js';
import { errors, NomadApiError } from '../errors.js';
import { indexOf } from '../shapes/index-of.js';
import { DRAIN_ANNOTATION } from '../shapes/node.js';
import { getNode } from './lookup.js';

interface DrainSpec {
  ignoreSystemJobs: boolean;
}

function drainSpecOf(value: unknown): DrainSpec | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw errors.badRequest('DrainSpec must be an object');
  const spec = value as Record<string, unknown>;
  if (spec.Deadline !== undefined && !Number.isSafeInteger(spec.Deadline)) throw errors.badRequest('DrainSpec.Deadline must be a duration in nanoseconds');
  if (spec.IgnoreSystemJobs !== undefined && typeof spec.IgnoreSystemJobs !== 'boolean') throw errors.badRequest('DrainSpec.IgnoreSystemJobs must be a boolean');
  return { ignoreSystemJobs: spec.IgnoreSystemJobs === true };
}

/** Evicts one pod; false when a PodDisruptionBudget refuses (429). A pod already gone counts as evicted. */
async function evict(cluster: Cluster, pod: V1Pod): Promise<boolean> {
  const { name, namespace } = pod.metadata ?? {};
  try {
    await cluster.write('POST', `${paths.core('pods', namespace, name)}/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace } }, 'alloc');
    return true;
  } catch (err) {
    if (err instanceof NomadApiError && (err.status === 429 || err.status === 404)) return err.status === 404;
    throw err;
  }
}

/** Evicts the node's allocation pods (system ones too unless ignored); returns the pods Kubernetes refused to evict. */
async function evictAllocations(cluster: Cluster, node: V1Node, spec: DrainSpec): Promise<string[]> {
  const path = withQuery(paths.core('pods'), { labelSelector: `${MANAGED_LABEL}=true`, fieldSelector: `spec.nodeName=${node.metadata?.name}` });
  const { items } = await cluster.list<V1Pod>(path);
  const skip = (pod: V1Pod): boolean => Boolean(pod.metadata?.deletionTimestamp || (spec.ignoreSystemJobs && pod.metadata?.annotations?.[SLOT_NODE_ANNOTATION]));
  const refused: string[] = [];
  for (const pod of items.filter((p) => !skip(p))) {
    if (!(await evict(cluster, pod))) refused.push(`${pod.metadata?.namespace}/${pod.metadata?.name}`);
  }
  return refused;
}

/** POST /v1/node/:id/drain. */
export async function drainNode(req: ApiRequest): Promise<ApiReply> {
  const body = bodyObject(req);
  const spec = drainSpecOf(body.DrainSpec);
  const node = await getNode(req.cluster, req.params.id!);
  const draining = spec !== undefined;
  const unschedulable = draining || (body.MarkEligible === true ? false : Boolean(node.spec?.unschedulable));
  const patch = { metadata: { annotations: { [DRAIN_ANNOTATION]: draining ? new Date().toISOString() : null } }, spec: { unschedulable } };
  const saved = await req.cluster.write<V1Node>('PATCH', paths.nodes(node.metadata?.name), patch, 'node', 'application/merge-patch+json');
  const refused = spec ? await evictAllocations(req.cluster, node, spec) : [];
  if (refused.length > 0) throw new NomadApiError(429, `Node ${node.metadata?.name} is cordoned; evictions refused by PodDisruptionBudgets (retry the drain): ${refused.join(', ')}`);
  const index = indexOf(saved);
  return { body: { NodeModifyIndex: index, EvalIDs: null, EvalCreateIndex: 0, Index: index, LastContact: 0, KnownLeader: true }, index };
}
