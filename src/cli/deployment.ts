/**
 * `kubenomad deployment status|promote|fail|pause|resume <job>` (Nomad's `deployment` commands, by job): status
 * prints the job's latest deployment in Nomad's layout; the others write the request annotations the operator acts
 * on (deployment-requests.ts), naming the deployment so a request never reaches a later one.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { DeploymentState, NomadJob } from '../crds/nomadjob-types.js';
import { FAIL_ANNOTATION, PAUSE_ANNOTATION, PROMOTE_ANNOTATION } from '../controllers/nomadjob/deployment-requests.js';
import { kubeApi } from '../k8s/api.js';
import { processIo, type Io } from './convert.js';
import { columnize, formatKV } from './columns.js';

/** What the deployment commands read and write. */
export interface DeploymentClient {
  readJob(namespace: string, name: string): Promise<NomadJob | undefined>;
  /** Sets (string) or removes (null) annotations of the job. */
  annotate(namespace: string, name: string, annotations: Record<string, string | null>): Promise<void>;
}

/** Nomad's `deployment status` layout. */
export function formatDeployment(job: NomadJob, d: DeploymentState): string {
  const head = formatKV([
    ['ID', d.id], ['Job ID', job.spec.id ?? job.metadata.name ?? ''], ['Job Version', String(d.jobVersion)],
    ['Status', d.status], ['Description', d.statusDescription],
  ]);
  return `${head}\n\nDeployed\n${deployedTable(d)}`;
}

/** The "Latest Deployment" section of `nomad job status`. */
export function formatLatestDeployment(d: DeploymentState): string {
  const head = formatKV([['ID', d.id.slice(0, 8)], ['Status', d.status], ['Description', d.statusDescription]]);
  return `Latest Deployment\n${head}\n\nDeployed\n${deployedTable(d)}`;
}

/** The per-group table of a deployment (canary columns only when it has canaries). */
function deployedTable(d: DeploymentState): string {
  const canaries = Object.values(d.groups).some((g) => g.desiredCanaries > 0);
  const header = ['Task Group', 'Auto Revert', ...(canaries ? ['Promoted'] : []), 'Desired', ...(canaries ? ['Canaries'] : []), 'Placed', 'Healthy', 'Unhealthy', 'Progress Deadline'];
  const rows = Object.entries(d.groups).map(([name, g]) => [
    name, String(g.autoRevert), ...(canaries ? [String(g.promoted)] : []), String(g.desiredTotal), ...(canaries ? [String(g.desiredCanaries)] : []),
    String(g.placed), String(g.healthy), String(g.unhealthy), g.requireProgressBy ?? '-',
  ]);
  return columnize([header, ...rows]);
}

/** The actions that write a request. */
export type DeploymentAction = 'promote' | 'fail' | 'pause' | 'resume';

const ACTIVE = new Set(['running', 'paused', 'blocked']);

/** The annotations an action writes for the deployment, or why it cannot. */
export function actionAnnotations(action: DeploymentAction, d: DeploymentState | undefined): Record<string, string | null> | string {
  if (!d) return 'The job has no deployment';
  if (!ACTIVE.has(d.status)) return `Deployment ${d.id.slice(0, 8)} is ${d.status}: nothing to ${action}`;
  if (action === 'promote' && !Object.values(d.groups).some((g) => g.desiredCanaries > 0 && !g.promoted)) {
    return `Deployment ${d.id.slice(0, 8)} has no canaries to promote`;
  }
  if (action === 'resume') return d.status === 'paused' ? { [PAUSE_ANNOTATION]: null } : `Deployment ${d.id.slice(0, 8)} is not paused`;
  const key = { promote: PROMOTE_ANNOTATION, fail: FAIL_ANNOTATION, pause: PAUSE_ANNOTATION }[action];
  return { [key]: d.id };
}

/** Runs one deployment command; returns the exit code. */
export async function runDeployment(action: DeploymentAction | 'status', name: string, namespace: string, client: DeploymentClient, io: Io = processIo): Promise<number> {
  const job = await client.readJob(namespace, name);
  if (!job) {
    io.err(`No job with name "${name}" found in namespace "${namespace}"\n`);
    return 1;
  }
  const d = job.status?.deployment;
  if (action === 'status') {
    io.out(d ? `${formatDeployment(job, d)}\n` : `Job "${name}" has no deployment\n`);
    return 0;
  }
  const annotations = actionAnnotations(action, d);
  if (typeof annotations === 'string') {
    io.err(`${annotations}\n`);
    return 1;
  }
  await client.annotate(namespace, name, annotations);
  io.out(`Deployment ${d!.id.slice(0, 8)}: ${action} requested (the operator acts on it)\n`);
  return 0;
}

/** The client over a kubeconfig (the user's own credentials). */
export function deploymentClient(kc: KubeConfig): DeploymentClient {
  const api = kubeApi(kc, 'kubenomad.io/cli');
  return {
    readJob: (namespace, name) => api.getCustom<NomadJob>('nomadjobs', namespace, name),
    annotate: (namespace, name, annotations) => api.patchMetadata('nomadjobs', namespace, name, { annotations }),
  };
}
