/**
 * Applying a periodic plan: create the children (AlreadyExists means another replica or an earlier
 * pass did it), record their parent, delete children beyond the history limit, and report with Events.
 */
import type { NomadJob } from '../../crds/nomadjob-types.js';
import type { Periodic } from '../../crds/periodic-types.js';
import type { EventTarget, KubeApi } from '../../k8s/api.js';
import { toApiError } from '../../k8s/objects.js';
import type { Logger } from '../../logging.js';
import { buildPeriodicChild, nomadJobId } from './child.js';
import type { PeriodicPlan, PlannedLaunch } from './plan.js';

/** The Event target of a Periodic. */
export function periodicTarget(p: Periodic): EventTarget {
  return { apiVersion: 'kubenomad.io/v1alpha1', kind: 'Periodic', namespace: p.metadata.namespace ?? 'default', name: p.metadata.name ?? '', uid: p.metadata.uid };
}

/** Records an Event; a failure is logged, never fatal (Events are best-effort, the status is the record). */
export async function recordEvent({ api, log }: { api: KubeApi; log: Logger }, target: EventTarget, type: 'Normal' | 'Warning', reason: string, note: string): Promise<void> {
  try {
    await api.event(target, type, reason, note);
  } catch (err) {
    log.warn({ target: `${target.namespace}/${target.name}`, reason, err: toApiError(err).message }, 'cannot record event');
  }
}

/** What applying needs. */
export interface PeriodicApplyContext {
  api: KubeApi;
  log: Logger;
  job: NomadJob;
  periodic: Periodic;
}

/** Creates one child; returns it when this call created it, undefined when it already existed. */
async function launch(ctx: PeriodicApplyContext, planned: PlannedLaunch): Promise<NomadJob | undefined> {
  const child = buildPeriodicChild(ctx.job, planned);
  const ns = child.metadata.namespace ?? 'default';
  try {
    await ctx.api.createCustom('nomadjobs', ns, { ...child, status: undefined });
  } catch (err) {
    if (toApiError(err).code === 409) return undefined;
    throw err;
  }
  // status is a subresource: the parent (NOMAD_JOB_PARENT_ID) is recorded after creation.
  await ctx.api.patchStatus('nomadjobs', ns, planned.name, { parent: nomadJobId(ctx.job) });
  const verb = planned.reason === 'forced' ? 'Forced' : planned.reason === 'catch-up' ? 'CaughtUp' : 'Launched';
  await recordEvent(ctx, periodicTarget(ctx.periodic), 'Normal', verb, `Launched ${planned.id} as NomadJob ${planned.name} (${planned.reason})`);
  ctx.log.info({ job: nomadJobId(ctx.job), child: planned.name, reason: planned.reason }, 'periodic launch');
  return child;
}

/** Applies launches, skips and deletions; returns the children this pass created. */
export async function applyPeriodicPlan(ctx: PeriodicApplyContext, plan: PeriodicPlan): Promise<NomadJob[]> {
  const created: NomadJob[] = [];
  for (const planned of plan.launches) {
    const child = await launch(ctx, planned);
    if (child) created.push(child);
  }
  const target = periodicTarget(ctx.periodic);
  for (const skip of plan.skipped) {
    await recordEvent(ctx, target, 'Normal', 'Skipped', `Skipped the launch of ${skip.tick.toISOString()}: ${skip.reason}`);
  }
  for (const name of plan.deleteChildren) {
    await ctx.api.deleteCustom('nomadjobs', ctx.periodic.metadata.namespace ?? 'default', name);
    await recordEvent(ctx, target, 'Normal', 'Trimmed', `Deleted finished child ${name} (history limit)`);
  }
  for (const error of plan.errors) await recordEvent(ctx, target, 'Warning', 'ForceRefused', error);
  return created;
}
