/**
 * `kubenomad job periodic force [-n ns] <job>`: asks the operator to launch a periodic job now (Nomad's
 * `nomad job periodic force`) by annotating the NomadJob with the request time, then prints the child.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { NomadJob } from '../crds/nomadjob-types.js';
import type { Periodic } from '../crds/periodic-types.js';
import { kubeApi, type KubeApi } from '../k8s/api.js';
import { ANNOTATION_FORCE, ANNOTATION_FORCE_HANDLED } from '../controllers/periodic/observe.js';
import { periodicChildId, periodicChildName } from '../controllers/periodic/naming.js';

/** Waits until the operator marked the request handled. */
async function awaitHandled(api: KubeApi, namespace: string, job: string, value: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const j = await api.getCustom<NomadJob>('nomadjobs', namespace, job);
    if (j?.metadata.annotations?.[ANNOTATION_FORCE_HANDLED] === value) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** Runs the command; returns the exit code. */
export async function runPeriodicForce(job: string, namespace: string, kc: KubeConfig, out: (line: string) => void, timeoutMs = 30_000): Promise<number> {
  const api = kubeApi(kc, 'kubenomad.io/cli');
  const parent = await api.getCustom<NomadJob>('nomadjobs', namespace, job);
  if (!parent) {
    out(`No job with name "${job}" found in namespace "${namespace}"`);
    return 1;
  }
  const periodic = await api.getCustom<Periodic>('periodics', namespace, job);
  if (!parent.spec.periodic && !periodic) {
    out(`Job "${job}" is not periodic`);
    return 1;
  }
  const at = new Date(Math.floor(Date.now() / 1000) * 1000);
  const value = at.toISOString();
  await api.patchMetadata('nomadjobs', namespace, job, { annotations: { [ANNOTATION_FORCE]: value } });
  if (!(await awaitHandled(api, namespace, job, value, timeoutMs))) {
    out(`Force request recorded on ${namespace}/${job}, but no operator handled it within ${Math.round(timeoutMs / 1000)}s`);
    return 1;
  }
  const childName = periodicChildName(job, at);
  if (!(await api.getCustom<NomadJob>('nomadjobs', namespace, childName))) {
    out(`Job "${job}" was not launched: can't force run non-tracked job (disabled, stopped or parameterized); see \`kubectl -n ${namespace} get events\``);
    return 1;
  }
  out(`Dispatched Job ID = ${periodicChildId(parent.spec.id ?? job, at)}`);
  out(`Evaluation ID     = <none> (NomadJob ${namespace}/${childName}; see \`kubenomad status -n ${namespace} ${childName}\`)`);
  return 0;
}
