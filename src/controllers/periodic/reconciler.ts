/**
 * One reconcile pass of a periodic NomadJob (key `namespace/job`): observe the job, its Periodic and
 * its children (listed from the API server, not a cache, so two replicas agree on what runs), plan
 * with `planPeriodic`, apply, then patch the Periodic status once. Returns when to wake up next.
 */
import type { NomadJob } from '../../crds/nomadjob-types.js';
import type { Periodic, PeriodicStatus } from '../../crds/periodic-types.js';
import type { KubeApi } from '../../k8s/api.js';
import { toApiError } from '../../k8s/objects.js';
import type { Logger } from '../../logging.js';
import { canonicalJson } from '../nomadjob/hash.js';
import type { ConditionDraft } from '../nomadjob/conditions.js';
import { applyPeriodicPlan, periodicTarget, recordEvent } from './apply.js';
import { controllerRef, nomadJobId } from './child.js';
import { compilePeriodic, effectivePeriodic, isPeriodicActive, type PeriodicSettings } from './config.js';
import { LABEL_PARENT_JOB, LABEL_PERIODIC_LAUNCH_TIME, parentLabelValue } from './naming.js';
import { ANNOTATION_FORCE, ANNOTATION_FORCE_HANDLED, pendingForce, toPeriodicChildren } from './observe.js';
import { planPeriodic, type PeriodicPlan, type PeriodicPlanInput } from './plan.js';
import { buildPeriodicStatus, SCHEDULED } from './status.js';

/** Read access to the informer caches. */
export interface PeriodicCaches {
  job(namespace: string, name: string): NomadJob | undefined;
  /** Periodics of a namespace naming `job`, oldest first. */
  periodicsFor(namespace: string, job: string): Periodic[];
}

/** Dependencies of the reconciler. */
export interface PeriodicReconcilerDeps {
  api: KubeApi;
  log: Logger;
  caches: PeriodicCaches;
  /** When this replica started leading: jobs created before it get Nomad's one catch-up launch. */
  startedAt: Date;
  /** History limit when the Periodic sets none. */
  defaultHistoryLimit?: number;
  now?: () => Date;
}

/** What a pass asks of the controller. */
export interface PeriodicPassResult {
  /** Reconcile again at this instant. */
  wakeAt?: Date;
}

/** What one pass observed. */
interface Observed {
  job: NomadJob;
  periodic: Periodic;
  settings: PeriodicSettings;
  children: NomadJob[];
  now: Date;
}

const NOMADJOB = { apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob' } as const;

/** The reconciler; keeps this replica's pending launch per job (Nomad's dispatcher heap). */
export class PeriodicReconciler {
  private readonly pending = new Map<string, { signature: string; next?: Date }>();
  private readonly tracked = new Set<string>();

  constructor(private readonly deps: PeriodicReconcilerDeps) {}

  /** Reconciles one periodic job: observe, plan, apply, status. */
  async reconcile(key: string): Promise<PeriodicPassResult> {
    const observed = await this.observe(key);
    if (!observed) return this.forget(key);
    const { job, periodic, children, settings, now } = observed;
    const compiled = compilePeriodic(job.spec, settings);
    if (Array.isArray(compiled)) {
      const message = compiled.map((p) => `${p.field}: ${p.message}`).join('; ');
      const changed = await this.writeStatus(periodic, children, undefined, { type: SCHEDULED, status: 'False', reason: 'InvalidSchedule', message }, { now, crons: settings.crons });
      if (changed) await recordEvent(this.deps, periodicTarget(periodic), 'Warning', 'InvalidSchedule', message);
      return this.forget(key);
    }
    const signature = canonicalJson({ settings, stop: job.spec.stop ?? false, parameterized: job.spec.parameterized !== undefined });
    const force = pendingForce(job, now) ?? pendingForce(periodic, now);
    const plan = planPeriodic({ ...this.planInput(key, observed, signature), periodic: compiled, forceRequestedAt: force?.at });
    const created = await applyPeriodicPlan({ api: this.deps.api, log: this.deps.log, job, periodic }, plan);
    this.tracked.add(key);
    this.pending.set(key, { signature, next: plan.nextLaunch });
    if (force) await this.markForceHandled(job, periodic, force.value);
    const after = [...children.filter((c) => !plan.deleteChildren.includes(c.metadata.name ?? '')), ...created];
    await this.writeStatus(periodic, after, plan, scheduledCondition(settings, plan, isPeriodicActive(job.spec, settings)), { now, crons: settings.crons });
    return { wakeAt: plan.requeueAt };
  }

  /** The job, its Periodic, the effective settings and the children; undefined when there is no schedule. */
  private async observe(key: string): Promise<Observed | undefined> {
    const [namespace = '', name = ''] = key.split('/');
    const cached = this.deps.caches.job(namespace, name);
    if (!cached || cached.metadata.deletionTimestamp) return undefined;
    const job: NomadJob = { ...cached, ...NOMADJOB };
    const periodic = await this.ensurePeriodic(job);
    const settings = periodic && effectivePeriodic(job.spec, periodic.spec);
    if (!periodic || !settings) return undefined;
    return { job, periodic, settings, children: await this.children(job), now: this.now() };
  }

  /**
   * The plan input of this replica: the pending launch only if this replica computed it for the same
   * settings; takeover (Nomad's one catch-up) only on its first pass over a job created before it started.
   */
  private planInput(key: string, o: Observed, signature: string): Omit<PeriodicPlanInput, 'periodic'> {
    const { job, periodic, now } = o;
    const remembered = this.pending.get(key);
    const created = Date.parse(job.metadata.creationTimestamp ?? '');
    return {
      parent: { name: job.metadata.name ?? '', id: nomadJobId(job), createdAt: Number.isNaN(created) ? now : new Date(created), active: isPeriodicActive(job.spec, o.settings) },
      now,
      lastLaunch: periodic.status?.lastLaunch ? new Date(periodic.status.lastLaunch) : undefined,
      pendingLaunch: remembered?.signature === signature ? remembered.next : undefined,
      // creationTimestamp has whole seconds: a job created in the second this replica started is not pre-existing.
      takeover: !this.tracked.has(key) && created < Math.floor(this.deps.startedAt.getTime() / 1000) * 1000,
      children: toPeriodicChildren(o.children),
      historyLimit: periodic.spec.historyLimit ?? this.deps.defaultHistoryLimit,
    };
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private forget(key: string): PeriodicPassResult {
    this.pending.delete(key);
    return {};
  }

  /** The job's Periodic: the oldest naming it, else (for a job with a periodic block) one created and owned by the job. */
  private async ensurePeriodic(job: NomadJob): Promise<Periodic | undefined> {
    const namespace = job.metadata.namespace ?? 'default';
    const name = job.metadata.name ?? '';
    const existing = this.deps.caches.periodicsFor(namespace, name)[0];
    if (existing || !job.spec.periodic) return existing;
    const body: Periodic = {
      apiVersion: 'kubenomad.io/v1alpha1',
      kind: 'Periodic',
      metadata: { name, namespace, labels: { [LABEL_PARENT_JOB]: parentLabelValue(name) }, ownerReferences: controllerRef(job) },
      spec: { job: name },
    };
    try {
      await this.deps.api.createCustom('periodics', namespace, body);
    } catch (err) {
      if (toApiError(err).code !== 409) throw err;
    }
    const stored = await this.deps.api.getCustom<Periodic>('periodics', namespace, name);
    return stored?.spec.job === name ? stored : undefined;
  }

  /** Children owned by the job, straight from the API server. */
  private async children(job: NomadJob): Promise<NomadJob[]> {
    const selector = `${LABEL_PARENT_JOB}=${parentLabelValue(job.metadata.name ?? '')},${LABEL_PERIODIC_LAUNCH_TIME}`;
    const all = await this.deps.api.listCustomSelected<NomadJob>('nomadjobs', job.metadata.namespace ?? 'default', selector);
    return all.filter((c) => c.metadata.ownerReferences?.some((o) => o.uid === job.metadata.uid));
  }

  private async markForceHandled(job: NomadJob, periodic: Periodic, value: string): Promise<void> {
    const onJob = job.metadata.annotations?.[ANNOTATION_FORCE] === value;
    const target = onJob ? job : periodic;
    await this.deps.api.patchMetadata(onJob ? 'nomadjobs' : 'periodics', target.metadata.namespace ?? 'default', target.metadata.name ?? '', {
      annotations: { [ANNOTATION_FORCE_HANDLED]: value },
    });
  }

  /** Patches the Periodic status when it changed; returns whether it did. */
  private async writeStatus(periodic: Periodic, children: NomadJob[], plan: PeriodicPlan | undefined, condition: ConditionDraft, at: { now: Date; crons: readonly string[] }): Promise<boolean> {
    const status = buildPeriodicStatus({ previous: periodic.status, generation: periodic.metadata.generation, children, plan, condition, now: at.now, crons: at.crons });
    if (canonicalJson(status) === canonicalJson(periodic.status ?? {})) return false;
    const patch: PeriodicStatus & Record<string, unknown> = { ...status, nextLaunch: status.nextLaunch ?? null } as never;
    await this.deps.api.patchStatus('periodics', periodic.metadata.namespace ?? 'default', periodic.metadata.name ?? '', patch);
    return true;
  }
}

/** The Scheduled condition of a valid schedule. */
function scheduledCondition(settings: PeriodicSettings, plan: PeriodicPlan, active: boolean): ConditionDraft {
  if (!active) {
    const why = settings.enabled ? 'the job is stopped or parameterized' : 'periodic launches are disabled';
    return { type: SCHEDULED, status: 'False', reason: settings.enabled ? 'NotTracked' : 'Disabled', message: `No launches: ${why}` };
  }
  if (!plan.nextLaunch) return { type: SCHEDULED, status: 'False', reason: 'NoFutureLaunch', message: 'No cron expression has a future launch' };
  return { type: SCHEDULED, status: 'True', reason: 'Scheduled', message: `Next launch at ${plan.nextLaunch.toISOString()}` };
}
