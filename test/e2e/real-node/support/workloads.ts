/** Jobs, reads and waits of the real-node suite (real containers: busybox from the node's exec image). */
import { CoordinationV1Api, CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { NomadJob, NomadJobSpec } from '../../../../src/crds/nomadjob-types.js';
import { waitFor } from '../../../../src/local-cluster/readiness.js';
import { readJob } from '../../support/jobs.js';

/** A service job whose task writes its environment to a file and serves it with busybox httpd on NOMAD_PORT_http. */
export function httpdJob(): NomadJobSpec {
  return {
    type: 'service',
    datacenters: ['dc1'],
    groups: [{
      name: 'web',
      count: 1,
      networks: [{ ports: [{ label: 'http' }] }],
      tasks: [{
        name: 'httpd',
        driver: 'exec',
        config: { command: 'sh', args: ['-c', 'env > ${NOMAD_TASK_DIR}/index.html && exec httpd -f -p ${NOMAD_PORT_http} -h ${NOMAD_TASK_DIR}'] },
        resources: { cpu: 100, memory: 64 },
      }],
    }],
  };
}

/** A batch job whose only task exits with `code`, never rescheduled. */
export function exitJob(code: number): NomadJobSpec {
  return {
    type: 'batch',
    datacenters: ['dc1'],
    groups: [{
      name: 'run',
      count: 1,
      reschedule: { attempts: 0, unlimited: false },
      // No restart in place (Nomad's batch default would restart it 3 times): the first exit fails the allocation.
      restart: { attempts: 0, mode: 'fail' },
      tasks: [{ name: 'main', driver: 'exec', config: { command: 'sh', args: ['-c', `echo exiting ${code}; exit ${code}`] }, resources: { cpu: 100, memory: 32 } }],
    }],
  };
}

/** Polls a NomadJob until `done` holds; returns it. */
export async function waitJob(kc: KubeConfig, namespace: string, name: string, what: string, done: (job: NomadJob) => boolean, timeoutMs = 90_000): Promise<NomadJob> {
  let last: NomadJob | undefined;
  await waitFor(`${namespace}/${name} ${what}`, async () => {
    last = await readJob(kc, namespace, name);
    return (last !== undefined && done(last)) || JSON.stringify(last?.status ?? 'absent');
  }, timeoutMs, 500);
  return last!;
}

/** Whether a batch job is dead with the given summary counts in group `group`. */
export const deadWith = (group: string, counts: { complete?: number; failed?: number }) => (job: NomadJob): boolean => {
  const s = job.status?.summary?.[group];
  return job.status?.status === 'dead' && s !== undefined && Object.entries(counts).every(([k, v]) => s[k as 'complete' | 'failed'] === v);
};

/** The pods of a job. */
export async function podsOf(kc: KubeConfig, namespace: string, job: string): Promise<V1Pod[]> {
  return (await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace, labelSelector: `kubenomad.io/job=${job}` })).items;
}

/** The exit code of a pod's first container, once it terminated. */
export const exitCodeOf = (pod: V1Pod | undefined): number | undefined => pod?.status?.containerStatuses?.[0]?.state?.terminated?.exitCode;

/** GETs a URL from this machine: status and body (status 0 when nothing answers). */
export async function httpGet(url: string): Promise<{ status: number; body: string }> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
    return { status: r.status, body: await r.text() };
  } catch (err) {
    return { status: 0, body: String(err) };
  }
}

/** The operator pods of a release (live ones: not being deleted). */
export async function operatorPods(kc: KubeConfig, namespace: string, release: string): Promise<V1Pod[]> {
  const list = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace, labelSelector: `app.kubernetes.io/instance=${release}` });
  return list.items.filter((p) => !p.metadata?.deletionTimestamp);
}

/** The holder of the leader Lease ('' when free or absent). */
export async function leaseHolder(kc: KubeConfig, namespace: string, lease: string): Promise<string> {
  try {
    return (await kc.makeApiClient(CoordinationV1Api).readNamespacedLease({ namespace, name: lease })).spec?.holderIdentity ?? '';
  } catch {
    return '';
  }
}
