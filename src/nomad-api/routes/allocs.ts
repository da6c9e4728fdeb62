/** /v1/allocations, /v1/allocation/:id (+ /stop), /v1/nodes, /v1/node/:id (+ /allocations, /eligibility). */
import type { V1Pod } from '@kubernetes/client-node';
import { JOB_ID_ANNOTATION, MANAGED_LABEL } from '../../controllers/nomadjob/labels.js';
import type { NomadJob } from '../../crds/nomadjob-types.js';
import { paths, withQuery } from '../cluster.js';
import { bodyObject, requestNamespace, type ApiReply, type ApiRequest } from '../context.js';
import { errors } from '../errors.js';
import { applyListParams } from '../listing.js';
import { allocListStub, apiAllocation } from '../shapes/alloc.js';
import { indexOf, maxIndex } from '../shapes/index-of.js';
import { apiJob } from '../shapes/job.js';
import { apiNode, nodeListStub } from '../shapes/node.js';
import { findJob, getAllocPod, getNode, nodeIndex, readNodes } from './lookup.js';

const MANAGED = `${MANAGED_LABEL}=true`;

async function allocList(req: ApiRequest, path: string): Promise<ApiReply> {
  const [pods, nodes] = await Promise.all([req.cluster.list<V1Pod>(path), readNodes(req.cluster)]);
  const index = nodeIndex(nodes.items);
  const stubs = pods.items.map((p) => allocListStub(p, index, req.settings.ns)).filter((s) => s.ID !== '');
  return { body: applyListParams(req, stubs), index: maxIndex(pods.items), watch: { path, resourceVersion: pods.resourceVersion } };
}

/** GET /v1/allocations. */
export function listAllocations(req: ApiRequest): Promise<ApiReply> {
  return allocList(req, withQuery(paths.core('pods', requestNamespace(req)), { labelSelector: MANAGED }));
}

/** GET /v1/allocation/:id (with its job). */
export async function readAllocation(req: ApiRequest): Promise<ApiReply> {
  const pod = await getAllocPod(req.cluster, requestNamespace(req), req.params.id!);
  const ns = pod.metadata?.namespace ?? '';
  const [nodes, job] = await Promise.all([readNodes(req.cluster), findJob(req.cluster, ns, pod.metadata?.annotations?.[JOB_ID_ANNOTATION] ?? '').catch(() => undefined)]);
  const jobJson = job ? apiJob(job as NomadJob, req.settings.ns) : null;
  const path = withQuery(paths.core('pods', ns), { fieldSelector: `metadata.name=${pod.metadata?.name}` });
  return { body: apiAllocation(pod, nodeIndex(nodes.items), req.settings.ns, jobJson), index: indexOf(pod), watch: { path, resourceVersion: pod.metadata?.resourceVersion ?? '0' } };
}

/** POST /v1/allocation/:id/stop: deletes the pod; the operator places a replacement as Nomad reschedules a stopped allocation. */
export async function stopAllocation(req: ApiRequest): Promise<ApiReply> {
  const pod = await getAllocPod(req.cluster, requestNamespace(req), req.params.id!);
  await req.cluster.write('DELETE', paths.core('pods', pod.metadata?.namespace, pod.metadata?.name), undefined, 'alloc');
  const index = indexOf(pod) + 1;
  return { body: { EvalID: '', Index: index, LastContact: 0, KnownLeader: true }, index };
}

/** GET /v1/nodes. */
export async function listNodes(req: ApiRequest): Promise<ApiReply> {
  const nodes = await readNodes(req.cluster);
  const stubs = nodes.items.map(nodeListStub);
  return { body: applyListParams(req, stubs), index: maxIndex(nodes.items), watch: { path: paths.nodes(), resourceVersion: nodes.resourceVersion } };
}

/** GET /v1/node/:id (a uid, a unique uid prefix, or the node's name). */
export async function readNode(req: ApiRequest): Promise<ApiReply> {
  const node = await getNode(req.cluster, req.params.id!);
  const path = withQuery(paths.nodes(), { fieldSelector: `metadata.name=${node.metadata?.name}` });
  return { body: apiNode(node), index: indexOf(node), watch: { path, resourceVersion: node.metadata?.resourceVersion ?? '0' } };
}

/** GET /v1/node/:id/allocations (full allocations, as Nomad answers). */
export async function allocationsOfNode(req: ApiRequest): Promise<ApiReply> {
  const node = await getNode(req.cluster, req.params.id!);
  const path = withQuery(paths.core('pods'), { labelSelector: MANAGED, fieldSelector: `spec.nodeName=${node.metadata?.name}` });
  const pods = await req.cluster.list<V1Pod>(path);
  const index = nodeIndex([node]);
  return { body: pods.items.map((p) => apiAllocation(p, index, req.settings.ns, null)), index: maxIndex(pods.items), watch: { path, resourceVersion: pods.resourceVersion } };
}

/** POST /v1/node/:id/eligibility: `{Eligibility: "eligible" | "ineligible"}` is the node's `spec.unschedulable`. */
export async function setNodeEligibility(req: ApiRequest): Promise<ApiReply> {
  const body = bodyObject(req);
  if (body.Eligibility !== 'eligible' && body.Eligibility !== 'ineligible') throw errors.badRequest('invalid scheduling eligibility');
  const node = await getNode(req.cluster, req.params.id!);
  const saved = await req.cluster.write<{ metadata?: { resourceVersion?: string } }>('PATCH', paths.nodes(node.metadata?.name), { spec: { unschedulable: body.Eligibility === 'ineligible' } }, 'node', 'application/merge-patch+json');
  const index = indexOf(saved);
  return { body: { EvalIDs: null, EvalCreateIndex: 0, NodeModifyIndex: index, Index: index, LastContact: 0, KnownLeader: true }, index };
}
