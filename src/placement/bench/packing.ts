/** Packing quality: binpack (Nomad limits and exhaustive) vs first-fit-decreasing on a fixed workload. */
import { ClusterState } from '../cluster-state.js';
import { placeAllocations } from '../place.js';
import { createRng } from '../rng.js';
import type { PlacementOptions } from '../types.js';
import { benchNode } from './cluster.js';

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
export function engine(method: string, items: Item[], nodes: number, options: Omit<PlacementOptions, 'seed'>, sorted = false): PackingRow {
  const state = new ClusterState();
  for (let i = 0; i < nodes; i++) state.upsertNode(benchNode(i));
  const order = sorted ? [...items].sort((a, b) => Math.max(b.cpu / NODE.cpu, b.memory / NODE.memory) - Math.max(a.cpu / NODE.cpu, a.memory / NODE.memory)) : items;
  let placed = 0;
  order.forEach((item, i) => {
    const req = { job: { id: `job-${i}`, type: 'service' as const, datacenters: ['dc*'] }, group: { name: 'g', count: 1, resources: { cpu: item.cpu, memory: item.memory, disk: 0 } } };
    const plan = placeAllocations(state, req, { ...options, seed: i });
    for (const p of plan.placements) {
      state.upsertAllocation({ id: `job-${i}`, nodeId: p.nodeId, jobId: `job-${i}`, group: 'g', priority: 50, resources: { cpu: item.cpu, cores: 0, memory: item.memory, disk: 0, pods: 1, extended: {} }, ports: [] });
      placed++;
    }
  });
  const bins = [...state.nodes.values()].map((e) => ({ cpu: e.used.cpu, memory: e.used.memory }));
  return { ...summarise(method, bins), placed };
}
