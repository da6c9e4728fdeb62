/** What every kubenomad controller is started with, and what it returns. */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Registry } from 'prom-client';
import type { KubeApi } from '../../k8s/api.js';
import type { Logger } from '../../logging.js';

/** Options shared by the NomadJob, Periodic and Dispatch controllers. */
export interface ControllerOptions {
  kc: KubeConfig;
  log: Logger;
  registry?: Registry;
  api?: KubeApi;
  /** Only this namespace (all when unset). */
  namespace?: string;
  concurrency?: number;
}

/** A running controller. */
export interface RunningController {
  stop(): Promise<void>;
}
