/**
 * `npm run bench:placement`: throughput at 100–10,000 nodes (Nomad's random sample and the operator's default best
 * fit), packing quality vs first-fit decreasing, and tight packing vs the ideal on a homogeneous cluster.
 * Every throughput cell is the median of several runs with its spread (min–max), so a noisy machine shows as a
 * wide spread rather than a wrong figure; compare ratios within one run.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DEFAULT_BEST_FIT_CANDIDATES } from '../best-fit-source.js';
import { benchState } from './cluster.js';
import { packingRows, printPacking } from './packing.js';
import { printTight, tightRow, tightWorkloads } from './tight.js';
import { measure } from './throughput.js';
import type { ThroughputRow } from './throughput.js';

const SIZES = [100, 1000, 5000, 10000];
const RUNS = 5;
const PLACEMENTS = 2000;
/** The tuned scan limit shown beside Nomad's default (see docs/adr/0001-placement-scan-limit.md). */
export const TUNED_SCAN_LIMIT = 128;
/** The settings compared: Nomad's random sample (`bestFitCandidates: 0`) and the operator's default (ADR 0004). */
const NOMAD = { bestFitCandidates: 0 };
const DEFAULT = { bestFitCandidates: DEFAULT_BEST_FIT_CANDIDATES };
const DEFAULT_LABEL = `bf${DEFAULT_BEST_FIT_CANDIDATES}`;

// A larger young generation and a full collection before each run keep one run's garbage out of the next run's
// timings; the script still runs as plain `node main.js`.
setFlagsFromString('--expose-gc');
setFlagsFromString('--max-semi-space-size=64');
const gc = runInNewContext('gc') as () => void;

/** Median and spread of one cell. */
interface Cell { nodes: number; type: string; scan: string; perSecond: number[]; perCpuSecond: number[]; p99Ms: number[]; planMs: number[]; failed: number }

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};
const spread = (xs: number[], digits: number): string => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;

function pad(cells: Array<string | number>, widths: number[]): string {
  return cells.map((c, i) => String(c).padStart(widths[i] ?? 10)).join('  ');
}

function cell(state: Parameters<typeof measure>[0], nodes: number, type: 'batch' | 'service', scan: string, extra: Parameters<typeof measure>[4]): Cell {
  measure(state, type, PLACEMENTS, 1, extra); // warm-up (JIT)
  const runs: ThroughputRow[] = [];
  for (let run = 2; run < 2 + RUNS; run++) {
    gc();
    runs.push(measure(state, type, PLACEMENTS, run, extra));
  }
  return {
    nodes, type, scan,
    perSecond: runs.map((r) => r.perSecond), perCpuSecond: runs.map((r) => r.perCpuSecond), p99Ms: runs.map((r) => r.p99Ms), planMs: runs.map((r) => r.planMs),
    failed: Math.max(...runs.map((r) => r.failed)),
  };
}

function throughput(): Cell[] {
  const cells: Cell[] = [];
  for (const nodes of SIZES) {
    const t0 = performance.now();
    const { state, allocs } = benchState(nodes);
    gc();
    console.log(`built ${nodes} nodes / ${allocs} allocations in ${(performance.now() - t0).toFixed(0)} ms`);
    for (const type of ['batch', 'service'] as const) {
      cells.push(cell(state, nodes, type, 'nomad', NOMAD));
      cells.push(cell(state, nodes, type, DEFAULT_LABEL, DEFAULT));
    }
    if (nodes === 5000) {
      for (const type of ['batch', 'service'] as const) cells.push(cell(state, nodes, type, String(TUNED_SCAN_LIMIT), { scanLimit: TUNED_SCAN_LIMIT }));
    }
  }
  return cells;
}

function printThroughput(cells: Cell[]): void {
  const w = [6, 8, 6, 13, 15, 10, 8, 13, 8, 7];
  console.log(`\nThroughput: ${PLACEMENTS} placements per plan, median of ${RUNS} runs (spread min–max); 10–100 allocations per node already placed`);
  console.log('(per cpu-s: placements per second of this process\'s cpu time, which other load on the machine does not dilute)');
  console.log(pad(['nodes', 'job', 'setting', 'placements/s', 'spread', 'per cpu-s', 'p99 ms', 'p99 spread', 'plan ms', 'failed'], w));
  for (const c of cells) {
    console.log(pad([c.nodes, c.type, c.scan, median(c.perSecond).toFixed(0), spread(c.perSecond, 0), median(c.perCpuSecond).toFixed(0), median(c.p99Ms).toFixed(3), spread(c.p99Ms, 3), median(c.planMs).toFixed(1), c.failed], w));
  }
}

const start = performance.now();
console.log(`machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown cpu'}), node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
printThroughput(throughput());
printPacking(packingRows(TUNED_SCAN_LIMIT, DEFAULT_BEST_FIT_CANDIDATES));
printTight(tightWorkloads().flatMap((w) => [tightRow(w, 'nomad (best fit 0)', NOMAD), tightRow(w, `default (best fit ${DEFAULT_BEST_FIT_CANDIDATES})`, DEFAULT)]));
console.log(`\nbench time ${((performance.now() - start) / 1000).toFixed(1)} s, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
