/**
 * When a node's allocations are lost (pure): Kubernetes marks a node NotReady after its kubelet stops heartbeating
 * (kube-controller-manager's node-monitor-grace-period); kubenomad then waits a further grace, as Nomad's servers
 * wait `heartbeat_grace` past a missed heartbeat, before the node counts as down. Until then its allocations still
 * count as running; a deleted node is down at once.
 */
import type { Node } from '../../placement/types.js';
import type { NodeState, ObservedPod } from './observed.js';

/** Default grace after NotReady before a node is down (Nomad's heartbeat_grace default, 10s). */
export const DEFAULT_NODE_LOST_GRACE_MS = 10_000;

/** The planner's view of the nodes at one instant. */
export interface NodeLiveness {
  /** Node name → ready (NotReady within the grace counts as ready) or not-ready (down). */
  states: Record<string, NodeState>;
  /** Down nodes → when they went down (NotReady time + grace), epoch ms; unknown times count as long ago. */
  downSince: Record<string, number>;
  /** NotReady nodes still within the grace → when their grace ends, epoch ms. */
  graceEnds: Record<string, number>;
}

/** Classifies nodes at `nowMs` with the given grace. */
export function nodeLiveness(nodes: readonly Node[], nowMs: number, graceMs = DEFAULT_NODE_LOST_GRACE_MS): NodeLiveness {
  const out: NodeLiveness = { states: {}, downSince: {}, graceEnds: {} };
  for (const node of nodes) {
    const name = node.fingerprint.name;
    if (node.ready) {
      out.states[name] = 'ready';
      continue;
    }
    const downAt = (node.notReadySinceMs ?? -Infinity) + graceMs;
    if (downAt > nowMs) {
      out.states[name] = 'ready';
      out.graceEnds[name] = downAt;
    } else {
      out.states[name] = 'not-ready';
      out.downSince[name] = downAt;
    }
  }
  return out;
}

/** Milliseconds until the first grace ends on a node holding one of `pods`, if any (reconcile again then). */
export function graceRecheckMs(liveness: NodeLiveness, pods: readonly ObservedPod[], nowMs: number): number | undefined {
  let earliest: number | undefined;
  for (const pod of pods) {
    const end = pod.nodeName ? liveness.graceEnds[pod.nodeName] : undefined;
    if (end !== undefined && (earliest === undefined || end < earliest)) earliest = end;
  }
  return earliest === undefined ? undefined : Math.max(1, earliest - nowMs);
}
