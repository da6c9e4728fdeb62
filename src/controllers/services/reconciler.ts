/**
 * The Services reconcile of one NomadJob: observe (the job from the cache, its Services and the namespace's Service
 * names from the API), decide (desired.ts, diff.ts), apply (server-side apply, delete), report conflicts and unmapped
 * services as events. A deleted job's Services go with it (owner references, kube-controller-manager's GC).
 */
import type { NomadJob } from '../../crds/nomadjob-types.js';
import type { KubeApi } from '../../k8s/api.js';
import type { Logger } from '../../logging.js';
import { labelValue } from '../nomadjob/alloc-name.js';
import { MANAGED_LABEL } from '../nomadjob/labels.js';
import { desiredServices, SERVICE_JOB_LABEL } from './desired.js';
import { diffServices } from './diff.js';

/** What a reconcile needs. */
export interface ServicesReconcilerDeps {
  api: KubeApi;
  log: Logger;
  job(namespace: string, name: string): NomadJob | undefined;
}

/** Reconciles the Services of NomadJobs. */
export class ServicesReconciler {
  /** Problems last reported per job, so an event is recorded once, not on every pass. */
  private readonly reported = new Map<string, string>();

  constructor(private readonly d: ServicesReconcilerDeps) {}

  /** The work-queue entry point (`namespace/name`). */
  async reconcile(key: string): Promise<void> {
    const [namespace = 'default', name = ''] = key.split('/');
    const job = this.d.job(namespace, name);
    if (!job || job.metadata.deletionTimestamp) return void this.reported.delete(key);
    const { services, warnings } = desiredServices(job);
    const [ours, all] = await Promise.all([
      this.d.api.listServices(namespace, `${MANAGED_LABEL}=true,${SERVICE_JOB_LABEL}=${labelValue(name)}`),
      services.length > 0 ? this.d.api.listServices(namespace, '') : Promise.resolve([]),
    ]);
    const diff = diffServices(services, ours, job.metadata.uid ?? '', new Set(all.map((s) => s.metadata?.name ?? '')));
    for (const s of diff.apply) await this.d.api.applyService(namespace, s);
    for (const n of diff.delete) await this.d.api.deleteService(namespace, n);
    const problems = [...warnings, ...diff.conflicts.map((n) => `Service "${n}" exists and is not this job's; not changed`)];
    await this.report(key, job, problems);
  }

  private async report(key: string, job: NomadJob, problems: string[]): Promise<void> {
    const text = problems.join('\n');
    if ((this.reported.get(key) ?? '') === text) return;
    this.reported.set(key, text);
    if (!text) return;
    const target = { apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', namespace: job.metadata.namespace ?? 'default', name: job.metadata.name ?? '', uid: job.metadata.uid };
    await this.d.api.event(target, 'Warning', 'ServiceNotCreated', text).catch((err: unknown) => this.d.log.debug({ err: String(err) }, 'event not recorded'));
  }
}
