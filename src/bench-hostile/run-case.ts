/**
 * The bench's cases (a), (b), (c), (d) with the webhook off and (e), each against a fresh operator process (so its VmHWM
 * is that case's peak): submit the input, wait for its outcome, scale a probe job 1 → 3 meanwhile, and keep
 * sampling until the window has at least `MIN_SAMPLES` samples.
 */
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { DEFAULT_JOB_LIMITS } from '../controllers/nomadjob/job-limits.js';
import type { NomadJob } from '../crds/nomadjob-types.js';
import { waitFor } from '../local-cluster/readiness.js';
import { apiRequest, nomadJobsPath, statusMessage } from './api-request.js';
import { hclRegexSource, manyGroupsJob, maxCountJob, nomadJob, regexpConstraintJob, wideHclSource } from './cases.js';
import { WORLD } from './cluster.js';
import type { OperatorProcess } from './operator-process.js';
import { deleteNomadJob, runningPods, scaleProbe } from './probe-job.js';
import { httpGet, metricValue, startMonitor, type MonitorReport } from './probes.js';
import { setWebhookEnabled } from './webhook.js';

const MIN_SAMPLES = 12;
/** Samples taken after the outcome, over which the reconcile rate is measured. */
const SETTLED_SAMPLES = 8;
/** The reconcile-duration histogram (its count: reconciles finished). */
const RECONCILE_METRIC = 'kubenomad_reconcile_duration_seconds';

/** One case of the bench: a label, and what it does until its outcome is visible (returned as one line). */
export interface HostileCase {
  id: string;
  title: string;
  run(kc: KubeConfig): Promise<string>;
  /** Objects to delete after the case. */
  jobs: string[];
}

/** A measured case. */
export interface CaseResult {
  id: string;
  title: string;
  outcome: string;
  report: MonitorReport;
  /** Reconciles per second once the outcome was reached: ~0 when settled, high for a reconcile loop. */
  settledReconcilesPerSecond: number;
}

async function readJob(kc: KubeConfig, name: string): Promise<NomadJob> {
  return (await kc.makeApiClient(CustomObjectsApi).getNamespacedCustomObject({
    group: 'kubenomad.io', version: 'v1alpha1', plural: 'nomadjobs', namespace: WORLD.namespace, name,
  })) as NomadJob;
}

/** Waits until the job's Placed condition has `reason`; returns its message. */
async function placedReason(kc: KubeConfig, name: string, reason: string): Promise<string> {
  let message = '';
  await waitFor(`${name} Placed=${reason}`, async () => {
    const c = (await readJob(kc, name)).status?.conditions?.find((x) => x.type === 'Placed');
    message = c?.message ?? '';
    return c?.reason === reason || `${c?.reason}`;
  }, 180_000, 250);
  return message;
}

const create = (kc: KubeConfig, name: string, spec: Parameters<typeof nomadJob>[2]): ReturnType<typeof apiRequest> =>
  apiRequest(kc, 'POST', nomadJobsPath(WORLD.namespace), nomadJob(WORLD.namespace, name, spec));

/** The four cases of `npm run bench:hostile`. */
export const CASES: HostileCase[] = [
  {
    id: 'a', title: 'regexp ^(a+)+$ on 29–31 a\'s + b hostnames', jobs: ['redos'],
    async run(kc: KubeConfig): Promise<string> {
      const r = await create(kc, 'redos', regexpConstraintJob(WORLD.datacenter));
      if (r.status !== 201) return `HTTP ${r.status}: ${statusMessage(r)}`;
      await placedReason(kc, 'redos', 'PlacementFailed');
      const filtered = (await readJob(kc, 'redos')).status?.placementFailures?.[0]?.constraintFiltered ?? {};
      return `accepted; PlacementFailed, constraint excluded ${Object.values(filtered).reduce((a, b) => a + b, 0)} of 5 nodes`;
    },
  },
  {
    id: 'b', title: 'HCL regex("^(a+)+$", 33 a\'s + b) via the mutating webhook', jobs: ['hcl-redos'],
    async run(kc: KubeConfig): Promise<string> {
      const r = await create(kc, 'hcl-redos', { hcl: hclRegexSource('hcl-redos', WORLD.datacenter) });
      return `HTTP ${r.status} in ${Math.round(r.ms)} ms: ${/regex\(\)[^\n]*/.exec(statusMessage(r))?.[0] ?? statusMessage(r).slice(0, 80)}`;
    },
  },
  {
    id: 'c', title: 'count 100000 on 3 small nodes', jobs: ['max-count'],
    async run(kc: KubeConfig): Promise<string> {
      await create(kc, 'max-count', maxCountJob(WORLD.bigDatacenter));
      await waitFor('max-count at capacity in its status', async () => (await readJob(kc, 'max-count')).status?.summary?.g?.running === WORLD.bigCapacity, 300_000, 500);
      await placedReason(kc, 'max-count', 'PlacementFailed');
      const s = (await readJob(kc, 'max-count')).status;
      return `${s?.summary?.g?.running} running, ${s?.summary?.g?.queued} shown queued of ${s?.desired} desired (PlacementFailed)`;
    },
  },
  {
    id: 'd', title: '64 groups × 100000, webhook off', jobs: ['many-groups'],
    async run(kc: KubeConfig): Promise<string> {
      await setWebhookEnabled(kc, WORLD.namespace, WORLD.webhookLabel, false);
      try {
        await create(kc, 'many-groups', manyGroupsJob(WORLD.datacenter));
      } finally {
        await setWebhookEnabled(kc, WORLD.namespace, WORLD.webhookLabel, true);
      }
      const message = await placedReason(kc, 'many-groups', 'InvalidJob');
      return `InvalidJob (${message.includes('6400000 allocations') ? 'allocation limit' : message.slice(0, 60)}), ${await runningPods(kc, WORLD.namespace, 'many-groups')} pods`;
    },
  },
  {
    id: 'e', title: `spec.hcl of meta entries just under the ${DEFAULT_JOB_LIMITS.maxHclBytes / 1024} KiB HCL bound`, jobs: ['wide'],
    async run(kc: KubeConfig): Promise<string> {
      const r = await create(kc, 'wide', { hcl: wideHclSource('wide', WORLD.datacenter, DEFAULT_JOB_LIMITS.maxHclBytes - 2048) });
      const message = statusMessage(r);
      return `HTTP ${r.status} in ${Math.round(r.ms)} ms: ${/spec\.[^,\]]*/.exec(message)?.[0] ?? message.slice(0, 80)}`;
    },
  },
];

/** Reconciles the operator has finished so far (its reconcile-duration histogram's count). */
async function reconciles(operator: OperatorProcess): Promise<number> {
  const m = await httpGet(operator.metricsPort() ?? -1, '/metrics');
  return metricValue(m.body, `${RECONCILE_METRIC}_count`) ?? NaN;
}

/** Runs one case against `operator` while monitoring it; deletes its objects after. */
export async function runCase(kc: KubeConfig, operator: OperatorProcess, webhookCa: string, c: HostileCase): Promise<CaseResult> {
  const monitor = await startMonitor({ operator, webhook: { caCert: webhookCa, namespace: WORLD.namespace } });
  try {
    const [outcome] = await Promise.all([c.run(kc), scaleProbe(kc, WORLD.namespace, `probe-${c.id}`, WORLD.datacenter, 300_000)]);
    // Once the outcome is reached (and the probe job gone), a settled operator has nothing left to reconcile.
    const [from, startedAt, samples] = [await reconciles(operator), performance.now(), monitor.report().samples];
    await waitFor('monitor samples', async () => monitor.report().samples >= Math.max(MIN_SAMPLES, samples + SETTLED_SAMPLES), 60_000, 100);
    const settledReconcilesPerSecond = ((await reconciles(operator)) - from) / ((performance.now() - startedAt) / 1000);
    const report = await monitor.stop();
    return { id: c.id, title: c.title, outcome, report, settledReconcilesPerSecond };
  } finally {
    await monitor.stop();
    for (const name of c.jobs) await deleteNomadJob(kc, WORLD.namespace, name);
  }
}
