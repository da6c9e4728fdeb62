/**
 * Deployment health of one allocation, from its pod (Nomad's client health tracker, level-based): healthy once it
 * has been ready (`checks`: the pod's Ready condition, until service checks become probes) or running
 * (`task_states`: every container) for `min_healthy_time`; unhealthy when it failed or was lost, or when
 * `healthy_deadline` passed since its creation first; `manual` health is never set here.
 */
import type { AllocStatus, ObservedPod } from './observed.js';
import type { ResolvedUpdate } from './update-strategy.js';

/** An allocation's deployment health, with when it changes next (epoch ms) while pending. */
export type AllocHealth =
  | { state: 'healthy'; sinceMs: number }
  | { state: 'unhealthy'; reason: string }
  | { state: 'pending'; recheckAtMs?: number };

const ms = (iso: string | undefined): number | undefined => {
  const t = iso === undefined ? NaN : Date.parse(iso);
  return Number.isFinite(t) ? t : undefined;
};

/** Since when the pod has been continuously up by the group's health check, if it is up now. */
function upSince(pod: ObservedPod, update: ResolvedUpdate): number | undefined {
  if (update.healthCheck === 'task_states') return ms(pod.runningSince);
  return pod.runningSince !== undefined || pod.containers.length === 0 ? ms(pod.readySince) : undefined;
}

/** The health of an allocation pod at `nowMs`. */
export function allocHealth(pod: ObservedPod, status: AllocStatus, update: ResolvedUpdate, nowMs: number): AllocHealth {
  if (status === 'failed' || status === 'complete') return { state: 'unhealthy', reason: 'allocation stopped' };
  if (status === 'lost') return { state: 'unhealthy', reason: 'allocation lost' };
  if (update.healthCheck === 'manual') return { state: 'pending' };
  const since = upSince(pod, update);
  const healthyAt = since === undefined ? undefined : since + update.minHealthyTimeMs;
  if (healthyAt !== undefined && healthyAt <= nowMs) return { state: 'healthy', sinceMs: healthyAt };
  const created = ms(pod.creationTimestamp) ?? nowMs;
  const deadline = created + update.healthyDeadlineMs;
  if (deadline <= nowMs) return { state: 'unhealthy', reason: 'healthy deadline passed' };
  return { state: 'pending', recheckAtMs: Math.min(deadline, healthyAt ?? deadline) };
}
