/** The bench's results: a Markdown table (min / median over rounds, ratios to kube-scheduler and the ceiling) or one JSON object. */
import type { RunResult } from './run-system.js';
import { SYSTEM_KEYS, SYSTEMS, type SystemKey } from './systems.js';
import type { PodShape } from './workloads.js';

/** What the bench ran. */
export interface BenchShape {
  nodes: number;
  pods: number;
  rounds: number;
  idealNodes: number;
  shape: PodShape;
}

/** The `--json` output, exactly these fields (medians over rounds). */
export interface BenchJson {
  nodes: number;
  pods: number;
  rounds: number;
  ceilingPodsPerS: number;
  /** The ceiling of the NomadJob's own (larger) pods: what (4) writes, created by a plain loop. */
  ceilingJobPodsPerS: number;
  kubeSchedulerPodsPerS: number;
  kubenomadBindPodsPerS: number;
  kubenomadJobPodsPerS: number;
  k8sJobPodsPerS: number;
  nodesUsedKubeScheduler: number;
  nodesUsedKubenomadBind: number;
  nodesUsedKubenomadJob: number;
  idealNodes: number;
  /** Over-committed nodes found after all runs of all systems together (0 is the only good answer). */
  overcommittedNodes: number;
  /** Median over rounds of the operator's peak RSS (the larger of its two runs in a round). */
  operatorPeakRssMiB: number;
}

/** Median (the mean of the middle two for even counts); 0 for no values. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

const of = (results: RunResult[], key: SystemKey): RunResult[] => results.filter((r) => r.system === key);
const rate = (results: RunResult[], key: SystemKey): number => median(of(results, key).map((r) => r.podsPerS));
const nodesUsed = (results: RunResult[], key: SystemKey): number => median(of(results, key).map((r) => r.nodesUsed));
const round1 = (x: number): number => Math.round(x * 10) / 10;

function operatorPeakRss(results: RunResult[]): number {
  const rounds = [...new Set(results.map((r) => r.round))];
  const peaks = rounds.map((n) => Math.max(0, ...results.filter((r) => r.round === n && r.system.startsWith('kubenomad')).map((r) => r.peakRssMiB ?? 0)));
  return round1(median(peaks));
}

/** The JSON summary. */
export function benchJson(shape: BenchShape, results: RunResult[]): BenchJson {
  return {
    nodes: shape.nodes,
    pods: shape.pods,
    rounds: shape.rounds,
    ceilingPodsPerS: round1(rate(results, 'ceiling')),
    ceilingJobPodsPerS: round1(rate(results, 'ceilingJobPods')),
    kubeSchedulerPodsPerS: round1(rate(results, 'kubeScheduler')),
    kubenomadBindPodsPerS: round1(rate(results, 'kubenomadBind')),
    kubenomadJobPodsPerS: round1(rate(results, 'kubenomadJob')),
    k8sJobPodsPerS: round1(rate(results, 'k8sJob')),
    nodesUsedKubeScheduler: nodesUsed(results, 'kubeScheduler'),
    nodesUsedKubenomadBind: nodesUsed(results, 'kubenomadBind'),
    nodesUsedKubenomadJob: nodesUsed(results, 'kubenomadJob'),
    idealNodes: shape.idealNodes,
    overcommittedNodes: results.reduce((sum, r) => sum + r.overcommitted.length, 0),
    operatorPeakRssMiB: operatorPeakRss(results),
  };
}

const ratio = (x: number, y: number): string => (y > 0 ? `${(x / y).toFixed(2)}×` : '–');

/** One table row of a system. */
function row(results: RunResult[], key: SystemKey, shape: BenchShape): string {
  const runs = of(results, key);
  if (runs.length === 0) return `| ${SYSTEMS[key].label} | not run | | | | | | | |`;
  const med = rate(results, key);
  const failed = runs.filter((r) => r.error !== undefined).length;
  const timeouts = runs.filter((r) => !r.complete && r.error === undefined).length;
  const outcome = [timeouts ? `${timeouts} timed out (partial rate)` : '', failed ? `${failed} failed` : ''].filter(Boolean).join(', ');
  const rss = runs.some((r) => r.peakRssMiB !== undefined) ? median(runs.map((r) => r.peakRssMiB ?? 0)).toFixed(0) : '–';
  const cells = [
    SYSTEMS[key].label,
    Math.min(...runs.map((r) => r.podsPerS)).toFixed(0),
    med.toFixed(0),
    ratio(med, rate(results, 'kubeScheduler')),
    ratio(med, rate(results, 'ceiling')),
    `${nodesUsed(results, key)} / ${shape.idealNodes}`,
    String(runs.reduce((sum, r) => sum + r.overcommitted.length, 0)),
    rss,
    outcome || '0',
  ];
  return `| ${cells.join(' | ')} |`;
}

/** (4) against the ceiling of its own pods, when both ran. */
function jobPodsLine(results: RunResult[]): string[] {
  const job = rate(results, 'kubenomadJob');
  const own = rate(results, 'ceilingJobPods');
  return job > 0 && own > 0 ? [`(4) vs (1b), the ceiling of the NomadJob's own pods: ${ratio(job, own)}`] : [];
}

/** The Markdown table. */
export function benchTable(shape: BenchShape, results: RunResult[]): string {
  return [
    `${shape.nodes} nodes (8 CPU / 32 GiB / 110 pods), ${shape.pods} pods of ${shape.shape.cpuMilli}m / ${shape.shape.memoryMiB} MiB, ${shape.rounds} round(s); pods/s min and median over rounds`,
    '',
    '| system | pods/s min | pods/s median | vs kube-scheduler | vs ceiling | nodes used / ideal | over-committed nodes | peak RSS MiB | timeouts / failures |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...SYSTEM_KEYS.map((k) => row(results, k, shape)),
    '',
    'Peak RSS (VmHWM): kube-scheduler for (2), the operator for (3) and (4), kube-scheduler + Job controller for (5).',
    ...jobPodsLine(results),
  ].join('\n');
}
