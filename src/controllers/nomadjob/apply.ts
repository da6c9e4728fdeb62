/** Applies placements: render each allocation's pod for its node, create it, bind it, and evict preempted allocations. */
import type { V1Pod } from '@kubernetes/client-node';
import type { NomadJob, PlacementFailure as StatusFailure } from '../../crds/nomadjob-types.js';
import type { KubeApi } from '../../k8s/api.js';
import { toApiError } from '../../k8s/objects.js';
import type { Logger } from '../../logging.js';
import type { Node, Placement } from '../../placement/types.js';
import type { ClusterView } from '../cluster/cluster-view.js';
import { PRIORITY_LABEL } from '../cluster/pod-adapter.js';
import { TARGET_NODE_ANNOTATION } from './labels.js';
import type { ControllerMetrics } from './metrics.js';
import type { AllocToCreate, JobRef } from './plan-types.js';
import { renderAllocPod } from './pod-template.js';

/** An allocation with the engine's answer for it. */
export interface PlacedAlloc {
  alloc: AllocToCreate;
  placement: Placement;
  node: Node;
  priority: number;
}

/** What applying needs. */
export interface ApplyDeps {
  api: KubeApi;
  view: ClusterView;
  log: Logger;
  metrics: ControllerMetrics;
}

/** Runs `fn` over items with at most `limit` in flight. */
export async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function createAndBind(d: ApplyDeps, ns: string, pod: V1Pod, nodeName: string): Promise<void> {
  const name = pod.metadata?.name ?? '';
  const stop = d.metrics.bindingLatency.startTimer();
  let uid: string | undefined;
  try {
    uid = (await d.api.createPod(ns, pod)).metadata?.uid;
  } catch (err) {
    if (toApiError(err).code === 409) return; // already created by an earlier pass; the next pass sees it
    throw err;
  }
  await d.api.bindPod(ns, name, uid, nodeName);
  stop();
}

/** Creates and binds every placed allocation; returns placement failures for pods that could not be rendered. */
export async function applyAllocations(d: ApplyDeps, job: NomadJob, ref: JobRef, placed: PlacedAlloc[], execImage?: string): Promise<{ failures: StatusFailure[] }> {
  const ns = job.metadata.namespace ?? 'default';
  const failures: StatusFailure[] = [];
  const errors: string[] = [];
  await mapLimit(placed, 16, async ({ alloc, placement, node, priority }) => {
    const id = `${ns}/${alloc.podName}`;
    const rendered = renderAllocPod({ job: ref, alloc, node: node.fingerprint, ports: placement.ports, options: { execImage } });
    if (!rendered.ok) {
      d.view.forget(id);
      failures.push({ group: alloc.group, failedAllocations: 1, nodesEvaluated: 0, nodesFiltered: 0, nodesAvailable: {}, nodesExhausted: 0, message: rendered.errors.join('\n') });
      return;
    }
    const pod = rendered.pod as unknown as V1Pod;
    pod.metadata!.labels = { ...pod.metadata!.labels, [PRIORITY_LABEL]: String(priority) };
    pod.metadata!.annotations = { ...pod.metadata!.annotations, [TARGET_NODE_ANNOTATION]: placement.nodeName };
    try {
      for (const victim of placement.preempted) {
        const [vns, vname] = victim.split('/');
        await d.api.evictPod(vns ?? ns, vname ?? victim);
      }
      await createAndBind(d, ns, pod, placement.nodeName);
    } catch (err) {
      d.view.forget(id);
      errors.push(`${alloc.podName}: ${toApiError(err).message}`);
    }
  });
  if (errors.length > 0) {
    d.log.warn({ job: `${ns}/${ref.name}`, errors: errors.slice(0, 5) }, 'some allocations could not be created or bound');
    throw new Error(`Could not create or bind ${errors.length} allocation(s): ${errors[0]}`);
  }
  return { failures };
}
