/** TypeScript types of the Dispatch custom resource: one `nomad job dispatch` of a parameterized job. */
import type { Condition, ObjectMeta } from './nomadjob-types.js';

/** The Dispatch spec. */
export interface DispatchSpec {
  /** Name of the parameterized NomadJob in the same namespace. */
  job: string;
  /** Dispatch meta, exposed to tasks as NOMAD_META_<key>. */
  meta?: Record<string, string>;
  /** Payload, base64-encoded (at most 16 KiB decoded, as in Nomad). */
  payload?: string;
  /** Repeated dispatches with the same token return the existing child. */
  idempotencyToken?: string;
  /** Nomad's -id-prefix-template: a prefix for the child's ID. */
  idPrefixTemplate?: string;
}

/** The Dispatch status. */
export interface DispatchStatus {
  observedGeneration?: number;
  /** The dispatched child NomadJob's name (Kubernetes) and Nomad ID. */
  childJob?: string;
  dispatchedJobId?: string;
  /** Mirrors the child job: pending, running, complete, failed. */
  phase?: 'pending' | 'running' | 'complete' | 'failed';
  conditions?: Condition[];
}

/** The Dispatch object. */
export interface Dispatch {
  apiVersion: 'kubenomad.io/v1alpha1';
  kind: 'Dispatch';
  metadata: ObjectMeta;
  spec: DispatchSpec;
  status?: DispatchStatus;
}
