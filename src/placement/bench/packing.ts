/** Packing quality: binpack (Nomad limits and exhaustive) vs first-fit-decreasing on a fixed workload. */
import { ClusterState } from '../cluster-state.js';
import { placeAllocations } from '../place.js';
import { createRng } from '../rng.js';
import type { PlacementOptions } from '../types.js';
import { benchNode } from './cluster.js';

const ITEMS = 600;
const NODES = 400;
const pct = (r: PackingRow, ffd: PackingRow): string => `${(((r.nodesUsed - ffd.nodesUsed) / ffd.nodesUsed) * 100).toFixed(1)}%`;


/** One packing result. */
export interface PackingRow {
  method: string;
  placed: number;
  nodesUsed: number;
  meanCpuUtil: number;
  meanMemUtil: number;
}

interface Item { cpu: number; memory: number }
const NODE = { cpu: 32000, memory: 65536 };

/** A seeded workload of `n` items (1–8 GHz, 1–16 GiB). */
export function workload(n: number, seed = 11): Item[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => ({ cpu: 1000 + rng.int(7001), memory: 1024 + rng.int(15361) }));
}

function summarise(method: string, bins: Item[]): PackingRow {
  const used = bins.filter((b) => b.cpu > 0);
  const mean = (f: (b: Item) => number): number => used.reduce((s, b) => s + f(b), 0) / Math.max(1, used.length);
  return { method, placed: 0, nodesUsed: used.length, meanCpuUtil: mean((b) => b.cpu / NODE.cpu), meanMemUtil: mean((b) => b.memory / NODE.memory) };
}

/** First-fit decreasing by max(cpu, memory) share. */
export function firstFitDecreasing(items: Item[], nodes: number): PackingRow {
  const bins: Item[] = Array.from({ length: nodes }, () => ({ cpu: 0, memory: 0 }));
  const size = (i: Item): number => Math.max(i.cpu / NODE.cpu, i.memory / NODE.memory);
  let placed = 0;
  for (const item of [...items].sort((a, b) => size(b) - size(a))) {
    const bin = bins.find((b) => b.cpu + item.cpu <= NODE.cpu && b.memory + item.memory <= NODE.memory);
    if (!bin) continue;
    bin.cpu += item.cpu;
    bin.memory += item.memory;
    placed++;
  }
  return { ...summarise('first-fit decreasing', bins), placed };
}

/** Places each item as its own job through the engine (a controller upserting each result), in arrival order. */
export function engine(method: string, items: Item[], nodes: number, options: Omit<PlacementOptions, 'seed'>, type: 'service' | 'batch' = 'service'): PackingRow {
  const state = new ClusterState();
  for (let i = 0; i < nodes; i++) state.upsertNode(benchNode(i));
  let placed = 0;
  items.forEach((item, i) => {
    const req = { job: { id: `job-${i}`, type, datacenters: ['dc*'] }, group: { name: 'g', count: 1, resources: { cpu: item.cpu, memory: item.memory, disk: 0 } } };
    const plan = placeAllocations(state, req, { ...options, seed: i });
    for (const p of plan.placements) {
      state.upsertAllocation({ id: `job-${i}`, nodeId: p.nodeId, jobId: `job-${i}`, group: 'g', priority: 50, resources: { cpu: item.cpu, cores: 0, memory: item.memory, disk: 0, pods: 1, extended: {} }, ports: [] });
      placed++;
    }
  });
  const bins = [...state.nodes.values()].map((e) => ({ cpu: e.used.cpu, memory: e.used.memory }));
  return { ...summarise(method, bins), placed };
}

/** The packing table: FFD, Nomad's limits for service and batch, a scan-limit sweep, best-fit candidates and spread. */
export function packingRows(tuned: number, bestFit: number): PackingRow[] {
  const items = workload(ITEMS);
  const rows = [firstFitDecreasing(items, NODES)];
  rows.push(engine('service, Nomad limit (log2 n = 9)', items, NODES, { bestFitCandidates: 0 }));
  rows.push(engine('batch, Nomad limit (2)', items, NODES, { bestFitCandidates: 0 }, 'batch'));
  for (const limit of [...new Set([16, 32, 64, tuned, Infinity])]) {
    rows.push(engine(`binpack, scanLimit ${limit === Infinity ? '∞' : limit}${limit === tuned ? ' (tuned)' : ''}`, items, NODES, { scanLimit: limit }));
  }
  for (const k of [...new Set([1, bestFit, 4])]) {
    const mark = k === bestFit ? ' (default)' : '';
    rows.push(engine(`service, bestFitCandidates ${k}${mark}`, items, NODES, { bestFitCandidates: k }));
    rows.push(engine(`batch, bestFitCandidates ${k}${mark}`, items, NODES, { bestFitCandidates: k }, 'batch'));
  }
  rows.push(engine('spread, Nomad limit', items, NODES, { algorithm: 'spread' }));
  return rows;
}

/** Prints the packing table against its first (FFD) row. */
export function printPacking(rows: PackingRow[]): void {
  const ffd = rows[0] as PackingRow;
  const w = [40, 7, 11, 9, 9, 8];
  const pad = (cells: Array<string | number>): string => cells.map((c, i) => String(c).padStart(w[i] ?? 10)).join('  ');
  console.log(`\nPacking quality (${ITEMS} items of 1–8 GHz / 1–16 GiB, each its own job, arrival order, on ${NODES} empty nodes of 32 GHz / 64 GiB)`);
  console.log(pad(['method', 'placed', 'nodes used', 'cpu util', 'mem util', 'vs FFD']));
  for (const r of rows) console.log(pad([r.method, r.placed, r.nodesUsed, r.meanCpuUtil.toFixed(3), r.meanMemUtil.toFixed(3), pct(r, ffd)]));
}
