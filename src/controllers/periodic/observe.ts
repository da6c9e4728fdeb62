/**
 * What the periodic controller reads off Kubernetes objects: a child's launch time and whether it still
 * runs, its outcome for the Periodic status, and an unhandled force request.
 */
import type { NomadJob } from '../../crds/nomadjob-types.js';
import type { PeriodicLaunch } from '../../crds/periodic-types.js';
import { nomadJobId } from './child.js';
import { LABEL_PERIODIC_LAUNCH_TIME, launchTimeFromChildId } from './naming.js';
import type { PeriodicChild } from './plan.js';

/** Annotation on a periodic NomadJob (or its Periodic) asking for a launch now (`nomad job periodic force`); value: RFC 3339 request time. */
export const ANNOTATION_FORCE = 'kubenomad.io/periodic-force';
/** Annotation the controller writes once a force request was handled: the request value it handled. */
export const ANNOTATION_FORCE_HANDLED = 'kubenomad.io/periodic-force-handled';

/** A child's launch time: its label, else the unix seconds in its Nomad ID. */
export function childLaunchTime(child: NomadJob): Date | undefined {
  const label = child.metadata.labels?.[LABEL_PERIODIC_LAUNCH_TIME];
  if (label && /^\d+$/.test(label)) return new Date(Number(label) * 1000);
  return launchTimeFromChildId(nomadJobId(child));
}

/** Nomad's RunningChildren: a child is running until its job status is dead (a new child has no status yet). */
export function childRunning(child: NomadJob): boolean {
  return child.status?.status !== 'dead';
}

/** The planning view of the children that carry a launch time. */
export function toPeriodicChildren(children: readonly NomadJob[]): PeriodicChild[] {
  const out: PeriodicChild[] = [];
  for (const c of children) {
    const launchTime = childLaunchTime(c);
    if (launchTime && c.metadata.name && !c.metadata.deletionTimestamp) out.push({ name: c.metadata.name, launchTime, running: childRunning(c) });
  }
  return out;
}

/** A child's outcome as the Periodic status shows it. */
export function childOutcome(child: NomadJob): PeriodicLaunch['outcome'] {
  const status = child.status;
  if (!status?.status) return 'launched';
  if (status.status !== 'dead') return 'running';
  const failed = Object.values(status.summary ?? {}).some((s) => s.failed + s.lost > 0);
  return failed ? 'failed' : 'complete';
}

/** The force request on `obj` not yet handled, as a time; an unparsable value counts as "now". */
export function pendingForce(obj: { metadata: { annotations?: Record<string, string> } }, now: Date): { value: string; at: Date } | undefined {
  const value = obj.metadata.annotations?.[ANNOTATION_FORCE];
  if (!value || obj.metadata.annotations?.[ANNOTATION_FORCE_HANDLED] === value) return undefined;
  const parsed = new Date(value);
  return { value, at: Number.isNaN(parsed.getTime()) ? now : parsed };
}
