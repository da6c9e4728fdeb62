/** Nomad's plan text (command/job_plan.go formatDryRun, command/monitor.go formatAllocMetrics). */
import type { AllocMetric, JobType, PlacementPlan } from './types.js';

const sorted = (map: Record<string, number>): Array<[string, number]> => Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** The metric bullets, one per line, each starting with `prefix` (Go's %q quoting for names). */
export function formatAllocMetrics(metric: AllocMetric, prefix = '', withScores = false): string {
  const q = (s: string): string => JSON.stringify(s);
  const lines: string[] = [];
  if (metric.nodesEvaluated === 0) lines.push('* No nodes were eligible for evaluation');
  for (const [dc, n] of sorted(metric.nodesAvailable)) if (n === 0) lines.push(`* No nodes are available in datacenter ${q(dc)}`);
  for (const [cls, n] of sorted(metric.classFiltered)) lines.push(`* Class ${q(cls)}: ${n} nodes excluded by filter`);
  for (const [c, n] of sorted(metric.constraintFiltered)) lines.push(`* Constraint ${q(c)}: ${n} nodes excluded by filter`);
  if (metric.nodesExhausted > 0) lines.push(`* Resources exhausted on ${metric.nodesExhausted} nodes`);
  for (const [cls, n] of sorted(metric.classExhausted)) lines.push(`* Class ${q(cls)} exhausted on ${n} nodes`);
  for (const [dim, n] of sorted(metric.dimensionExhausted)) lines.push(`* Dimension ${q(dim)} exhausted on ${n} nodes`);
  const out = lines.map((l) => prefix + l);
  if (withScores && metric.scoreMetaData.length > 0) out.push(...formatScores(metric, prefix));
  return out.join('\n');
}

/** The top node scores as a table: node, one column per scorer, final score. */
export function formatScores(metric: AllocMetric, prefix = ''): string[] {
  const scorers = [...new Set(metric.scoreMetaData.flatMap((s) => Object.keys(s.scores)))].sort();
  const header = ['Node', ...scorers, 'final score'].join('|');
  const rows = metric.scoreMetaData.map((s) =>
    [s.nodeName, ...scorers.map((k) => (s.scores[k] === undefined ? '0' : fmt(s.scores[k]))), fmt(s.normScore)].join('|'),
  );
  return [header, ...rows].map((r) => prefix + r);
}

function fmt(n: number | undefined): string {
  return Number((n ?? 0).toFixed(3)).toString();
}

/** The `Scheduler dry-run:` section of `nomad job plan` for one or more groups' plans. */
export function formatDryRun(plans: PlacementPlan[], jobType: JobType = 'service'): string {
  const failed = plans.filter((p) => p.failures.length > 0);
  const lines = ['Scheduler dry-run:'];
  if (failed.length === 0) {
    lines.push('- All tasks successfully allocated.');
    return lines.join('\n');
  }
  const system = jobType === 'system' || jobType === 'sysbatch';
  lines.push(system ? '- WARNING: Failed to place allocations on all nodes.' : '- WARNING: Failed to place all allocations.');
  for (const plan of failed) for (const f of plan.failures) {
    const n = f.metric.coalescedFailures + 1;
    lines.push(`  Task Group ${JSON.stringify(f.group)} (failed to place ${n} ${n === 1 ? 'allocation' : 'allocations'}):`);
    lines.push(formatAllocMetrics(f.metric, '    '));
  }
  return lines.join('\n');
}

/** The `Preemptions:` table (`Alloc ID|Job ID|Task Group`), empty when nothing is evicted. */
export function formatPreemptions(plans: PlacementPlan[]): string {
  const rows = plans.flatMap((p) => p.preemptions).map((v) => `${v.allocId}|${v.jobId}|${v.group}`);
  return rows.length === 0 ? '' : ['Preemptions:', 'Alloc ID|Job ID|Task Group', ...rows].join('\n');
}
