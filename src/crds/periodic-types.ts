/** TypeScript types of the Periodic custom resource: the cron schedule of a periodic job and its launches. */
import type { Condition, ObjectMeta } from './nomadjob-types.js';

/** The Periodic spec. */
export interface PeriodicSpec {
  /** Name of the batch or sysbatch NomadJob in the same namespace that is the launch template. */
  job: string;
  /** Overrides the job's `periodic` block when set. */
  cron?: string;
  crons?: string[];
  timeZone?: string;
  prohibitOverlap?: boolean;
  enabled?: boolean;
  /** How many finished children to keep (newest first). */
  historyLimit?: number;
}

/** One launch of a periodic job. */
export interface PeriodicLaunch {
  /** The cron tick (RFC 3339). */
  time: string;
  childJob?: string;
  /** launched, skipped (prohibit_overlap), forced, or the child's outcome: running, complete, failed. */
  outcome: 'launched' | 'skipped' | 'forced' | 'running' | 'complete' | 'failed';
  reason?: string;
}

/** The Periodic status. */
export interface PeriodicStatus {
  observedGeneration?: number;
  nextLaunch?: string;
  lastLaunch?: string;
  /** The effective cron expressions (the override's, else the job's periodic block), for the Cron column. */
  cron?: string;
  launches?: PeriodicLaunch[];
  conditions?: Condition[];
}

/** The Periodic object. */
export interface Periodic {
  apiVersion: 'kubenomad.io/v1alpha1';
  kind: 'Periodic';
  metadata: ObjectMeta;
  spec: PeriodicSpec;
  status?: PeriodicStatus;
}
