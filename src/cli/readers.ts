/** The cluster readers `plan` and `status` use, over the Kubernetes API (loaded only by the commands that need it). */
import type { KubeConfig } from '@kubernetes/client-node';
import type { NomadJob } from '../crds/nomadjob-types.js';
import { kubeApi } from '../k8s/api.js';
import { nomadJobReader } from '../k8s/webhook-config.js';
import type { PlanReader } from './plan.js';
import type { StatusReader } from './status.js';

/** Readers of jobs, nodes and pods for the CLI. */
export function readers(kc: KubeConfig): PlanReader & StatusReader {
  const api = kubeApi(kc, 'kubenomad.io/cli');
  const readJob = nomadJobReader(kc);
  return {
    readJob,
    listNodes: async () => (await api.listNodes()).items,
    async listPods(namespace?: string, selector?: string) {
      const [key, value] = (selector ?? '').split('=');
      const pods = (await api.listPods()).items;
      return pods.filter((p) => (!namespace || p.metadata?.namespace === namespace) && (!key || p.metadata?.labels?.[key] === value));
    },
    async listJobs(namespace) {
      const items = (await api.listCustom<NomadJob>('nomadjobs')).items as NomadJob[];
      return items.filter((j) => j.metadata.namespace === namespace).sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
    },
  };
}
