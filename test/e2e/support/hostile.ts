/**
 * One hostile case as the issue "never frozen, never unbounded" checks it: while the hostile input is being
 * handled, the operator process is probed (/healthz and a trivial AdmissionReview timed per request, VmRSS, the
 * worst event-loop delay from /metrics) and a small probe job must scale 1 → 3 with every pod running.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { NomadJob } from '../../../src/crds/nomadjob-types.js';
import type { OperatorProcess } from '../../../src/bench-hostile/operator-process.js';
import { scaleProbe, type ProbeTimes } from '../../../src/bench-hostile/probe-job.js';
import { startMonitor, type MonitorReport } from '../../../src/bench-hostile/probes.js';
import { waitFor } from '../../../src/local-cluster/readiness.js';
import { recordChanges } from './watch.js';

/** Samples a case takes at least (4 a second), so even an input rejected at once is watched for a while. */
const MIN_SAMPLES = 12;
/** Samples after the outcome and the probe are done during which the hostile jobs must stay unwritten. */
const SETTLED_SAMPLES = 8;

/** Where a case runs. */
export interface HostileContext {
  kc: KubeConfig;
  operator: OperatorProcess;
  namespace: string;
  /** Datacenter of the probe job's nodes. */
  probeDatacenter: string;
  /** CA of the operator's webhook, to probe it directly. */
  webhookCa: string;
}

/** What one case measured. */
export interface HostileRun<T> {
  /** What `hostile` returned (the input's outcome). */
  outcome: T;
  report: MonitorReport;
  probe: ProbeTimes;
  /**
   * Writes to each NomadJob of the namespace (probe jobs excepted) once the outcome was reached and the probe
   * job had scaled: a settled outcome is not rewritten (a reconcile loop would show here).
   */
  settledWrites: Record<string, number>;
}

/** One line for the test log: the measured maxima of a case. */
export function describeRun(label: string, run: HostileRun<unknown>): string {
  const r = run.report;
  const ms = (n: number | undefined): string => (n === undefined ? 'n/a' : `${Math.round(n)} ms`);
  return `[hostile] ${label}: worst event-loop delay ${ms(r.maxEventLoopMs)}, /healthz max ${ms(r.maxHealthzMs)}, ` +
    `admission max ${ms(r.maxAdmissionMs)}, VmRSS max ${r.maxRssMiB.toFixed(0)} MiB (VmHWM ${r.peakRssMiB.toFixed(0)} MiB), ` +
    `${r.samples} samples; probe 1 running in ${ms(run.probe.oneRunningMs)}, 3 running in ${ms(run.probe.threeRunningMs)}; ` +
    `writes to settled jobs ${JSON.stringify(run.settledWrites)}`;
}

/**
 * Runs `hostile` (submit the input and wait for its outcome) and the probe job side by side while the monitor
 * samples; returns when both are done. The input's own objects are the caller's to delete.
 */
export async function whileHostile<T>(ctx: HostileContext, label: string, hostile: () => Promise<T>): Promise<HostileRun<T>> {
  const jobs = await recordChanges<NomadJob>(ctx.kc, { path: `/apis/kubenomad.io/v1alpha1/namespaces/${ctx.namespace}/nomadjobs` });
  const monitor = await startMonitor({ operator: ctx.operator, webhook: { caCert: ctx.webhookCa, namespace: ctx.namespace } });
  try {
    // The hostile request goes out first; the probe job is created while its outcome is awaited.
    const [outcome, probe] = await Promise.all([hostile(), scaleProbe(ctx.kc, ctx.namespace, `probe-${label}`, ctx.probeDatacenter)]);
    const settledFrom = jobs.events.length;
    const samples = monitor.report().samples;
    await waitFor('the settled window', async () => {
      const n = monitor.report().samples;
      return (n >= MIN_SAMPLES && n >= samples + SETTLED_SAMPLES) || `${n} samples`;
    }, 60_000, 100);
    jobs.assertComplete();
    const settledWrites: Record<string, number> = {};
    for (const e of jobs.events.slice(settledFrom)) {
      const name = e.object.metadata.name ?? '';
      if (e.type === 'MODIFIED' && !e.object.metadata.deletionTimestamp && !name.startsWith('probe-')) settledWrites[name] = (settledWrites[name] ?? 0) + 1;
    }
    const run = { outcome, probe, settledWrites, report: await monitor.stop() };
    console.log(describeRun(label, run));
    return run;
  } finally {
    jobs.stop();
    await monitor.stop();
  }
}
