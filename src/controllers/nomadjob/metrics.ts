/** The NomadJob controller's Prometheus metrics (Nomad-like names where Nomad has them). */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Metrics the controller updates. */
export interface ControllerMetrics {
  reconcileDuration: Histogram;
  reconcileErrors: Counter;
  queueDepth: Gauge;
  placements: Counter<'result'>;
  placementLatency: Histogram;
  bindingLatency: Histogram;
  /** Nomad's job_summary: allocations per job, group and client status. */
  jobSummary: Gauge<'namespace' | 'job' | 'task_group' | 'status'>;
  /** Deployment transitions (started, successful, failed, cancelled, …) by event reason. */
  deployments: Counter<'event'>;
  /** The latest deployment's counts per group: desired, placed, healthy, unhealthy, canaries. */
  deploymentAllocs: Gauge<'namespace' | 'job' | 'task_group' | 'state'>;
}

/** Registers the controller's metrics on a registry. */
export function controllerMetrics(registry: Registry): ControllerMetrics {
  const registers = [registry];
  return {
    reconcileDuration: new Histogram({ name: 'kubenomad_reconcile_duration_seconds', help: 'Duration of NomadJob reconciles', registers, buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30] }),
    reconcileErrors: new Counter({ name: 'kubenomad_reconcile_errors_total', help: 'NomadJob reconciles that failed and were retried', registers }),
    queueDepth: new Gauge({ name: 'kubenomad_queue_depth', help: 'Keys waiting in the NomadJob work queue', registers }),
    placements: new Counter({ name: 'nomad_nomad_plan_placements_total', help: 'Allocations placed or failed to place by the engine', labelNames: ['result'], registers }),
    placementLatency: new Histogram({ name: 'nomad_nomad_worker_invoke_scheduler_seconds', help: 'Time the placement engine took per group', registers, buckets: [0.0001, 0.001, 0.005, 0.01, 0.05, 0.1, 1] }),
    jobSummary: new Gauge({ name: 'nomad_nomad_job_summary', help: 'Allocations by job, task group and status (queued, starting, running, failed, complete, lost)', labelNames: ['namespace', 'job', 'task_group', 'status'], registers }),
    deployments: new Counter({ name: 'nomad_nomad_deployment_transitions_total', help: 'Deployment transitions by event (DeploymentStarted, DeploymentSuccessful, DeploymentFailed, DeploymentCancelled, …)', labelNames: ['event'], registers }),
    deploymentAllocs: new Gauge({ name: 'nomad_nomad_deployment_allocations', help: 'Allocations of the latest deployment by job, task group and state (desired, placed, healthy, unhealthy, canaries)', labelNames: ['namespace', 'job', 'task_group', 'state'], registers }),
    bindingLatency: new Histogram({ name: 'kubenomad_binding_duration_seconds', help: 'Pod create + bind latency', registers, buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5] }),
  };
}
