/** `npm run bench:placement`: throughput at 100–10,000 nodes and packing quality vs first-fit decreasing. */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { benchState } from './cluster.js';
import { engine, firstFitDecreasing, workload } from './packing.js';
import type { PackingRow } from './packing.js';
import { measure } from './throughput.js';
import type { ThroughputRow } from './throughput.js';

const SIZES = [100, 1000, 5000, 10000];

// A larger young generation and a full collection after each cluster build keep GC of the (large, long-lived)
// cluster state out of the per-placement timings; the script still runs as plain `node main.js`.
setFlagsFromString('--expose-gc');
setFlagsFromString('--max-semi-space-size=64');
const gc = runInNewContext('gc') as () => void;
const PLACEMENTS = 2000;

function pad(cells: Array<string | number>, widths: number[]): string {
  return cells.map((c, i) => String(c).padStart(widths[i] ?? 10)).join('  ');
}

function throughput(): ThroughputRow[] {
  const rows: ThroughputRow[] = [];
  for (const nodes of SIZES) {
    const t0 = performance.now();
    const { state, allocs } = benchState(nodes);
    console.log(`built ${nodes} nodes / ${allocs} allocations in ${(performance.now() - t0).toFixed(0)} ms`);
    for (const type of ['batch', 'service'] as const) {
      measure(state, nodes, type, PLACEMENTS, 1); // warm-up (JIT)
      gc();
      const runs = [2, 3, 4].map((run) => measure(state, nodes, type, PLACEMENTS, run)).sort((a, b) => a.perSecond - b.perSecond);
      rows.push(runs[1] ?? runs[0] as ThroughputRow); // the median of three runs
    }
  }
  return rows;
}

function printThroughput(rows: ThroughputRow[]): void {
  const w = [7, 8, 11, 13, 10, 12, 7];
  console.log('\nThroughput (2,000 placements per plan, median of 3; 10–100 allocations per node already placed)');
  console.log(pad(['nodes', 'job', 'placements', 'placements/s', 'p99 ms', 'plan ms', 'failed'], w));
  for (const r of rows) console.log(pad([r.nodes, r.type, r.placements, r.perSecond.toFixed(0), r.p99Ms.toFixed(3), r.planMs.toFixed(1), r.failed], w));
}

function printPacking(rows: PackingRow[], ffd: PackingRow): void {
  const w = [34, 7, 11, 9, 9, 10];
  console.log('\nPacking quality (600 items of 1–8 GHz / 1–16 GiB on 400 nodes of 32 GHz / 64 GiB)');
  console.log(pad(['method', 'placed', 'nodes used', 'cpu util', 'mem util', 'vs FFD'], w));
  for (const r of rows) {
    const vs = `${(((r.nodesUsed - ffd.nodesUsed) / ffd.nodesUsed) * 100).toFixed(1)}%`;
    console.log(pad([r.method, r.placed, r.nodesUsed, r.meanCpuUtil.toFixed(3), r.meanMemUtil.toFixed(3), vs], w));
  }
}

function packing(): void {
  const items = workload(600);
  const ffd = firstFitDecreasing(items, 400);
  printPacking([
    ffd,
    engine('binpack, Nomad limits', items, 400, {}),
    engine('binpack, exhaustive (scanLimit ∞)', items, 400, { scanLimit: Infinity }),
    engine('binpack, exhaustive, sorted arrivals', items, 400, { scanLimit: Infinity }, true),
    engine('spread, Nomad limits', items, 400, { algorithm: 'spread' }),
  ], ffd);
}

const start = performance.now();
printThroughput(throughput());
packing();
console.log(`\nbench time ${((performance.now() - start) / 1000).toFixed(1)} s`);
