/**
 * The decision for one pod kubenomad did not create (`schedulerName: kubenomad`): the pod's own requests (in
 * millicores, priced on each node at its clock), host ports, nodeSelector, required node affinity and tolerations
 * go to the same engine with the same settings as NomadJob allocations; the placement is assumed at once.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { placeAllocations } from '../../placement/index.js';
import type { GroupSpec, JobSpec, Placement } from '../../placement/types.js';
import { hostPortsOf, podKey, podRequests, toAllocation } from '../cluster/pod-adapter.js';
import { podPlacementInputs } from '../cluster/pod-placement.js';
import { sha256Hex } from './hash.js';
import { placementOptions, type CapacityLedger, type SchedulerSettings } from './schedule.js';
import { statusFailure } from './placement-request.js';

/** Where the pod goes, or Nomad's explanation of why it cannot go anywhere yet. */
export interface PodDecision {
  seed: string;
  placement?: Placement;
  failure?: string;
}

/** The pod as the engine reads it: one allocation of a one-pod group. */
export function podGroup(pod: V1Pod): GroupSpec {
  const r = podRequests(pod);
  return {
    name: 'pod',
    count: 1,
    resources: {
      cpuMillicores: r.millicores, memory: r.memoryMi, disk: r.diskMi, extended: r.extended,
      ports: hostPortsOf(pod).map((port) => ({ label: `host-${port}`, static: port })),
    },
    ...podPlacementInputs(pod.spec ?? {}),
  };
}

/** Decides one pod and assumes its placement in the ledger. */
export function schedulePod(pod: V1Pod, ledger: CapacityLedger, settings: SchedulerSettings, now: Date): PodDecision {
  const key = podKey(pod);
  const seed = sha256Hex(`${key}/${pod.metadata?.uid ?? ''}`).slice(0, 12);
  const job: JobSpec = { id: `pod:${pod.metadata?.name ?? ''}`, namespace: pod.metadata?.namespace, type: 'service', priority: 50 };
  const plan = placeAllocations(ledger.snapshot(now.getTime()), { job, group: podGroup(pod), asks: [{ name: key }] }, placementOptions(settings, seed));
  const placement = plan.placements[0];
  const node = placement ? ledger.node(placement.nodeName) : undefined;
  if (!placement || !node) return { seed, failure: plan.failures.map((f) => statusFailure(f).message).join('\n') };
  ledger.assume(toAllocation(pod, node), now.getTime());
  return { seed, placement };
}
