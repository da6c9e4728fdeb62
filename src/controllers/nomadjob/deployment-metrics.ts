/**
 * `nomad_nomad_deployment_allocations{namespace,job,task_group,state}`: the latest deployment's counts per group
 * (desired, placed, healthy, unhealthy, canaries), with each job's series removed when the job goes.
 */
import type { Gauge } from 'prom-client';
import type { DeploymentState } from '../../crds/nomadjob-types.js';

type Labels = Record<'namespace' | 'job' | 'task_group' | 'state', string>;

/** The deployment gauge's series per job key. */
export class DeploymentGauges {
  private readonly series = new Map<string, Labels[]>();

  constructor(private readonly gauge: Gauge<keyof Labels>) {}

  /** Sets the job's series from its deployment (none when it has none). */
  record(key: string, namespace: string, job: string, d: DeploymentState | undefined): void {
    this.forget(key);
    const out: Labels[] = [];
    for (const [group, g] of Object.entries(d?.groups ?? {})) {
      const counts = { desired: g.desiredTotal, placed: g.placed, healthy: g.healthy, unhealthy: g.unhealthy, canaries: g.canaries };
      for (const [state, n] of Object.entries(counts)) {
        const labels = { namespace, job, task_group: group, state };
        this.gauge.set(labels, n);
        out.push(labels);
      }
    }
    if (out.length > 0) this.series.set(key, out);
  }

  /** Removes the job's series. */
  forget(key: string): void {
    for (const labels of this.series.get(key) ?? []) this.gauge.remove(labels);
    this.series.delete(key);
  }
}
