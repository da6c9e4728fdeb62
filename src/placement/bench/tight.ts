/**
 * Tight packing on an empty homogeneous cluster (ADR 0004): one job of N identical allocations on 1,000
 * Kubernetes-style nodes, nodes used vs the ideal ceil(N / per node), for a cpu-bound ask and its memory-bound twin,
 * with Nomad's random sample and with the operator's default best fit.
 */
import { performance } from 'node:perf_hooks';
import { ClusterState } from '../cluster-state.js';
import { placeAllocations } from '../place.js';
import type { JobType, Node, PlacementOptions } from '../types.js';

const NODES = 1000;
const NODE = { cpu: 8000, memory: 32768, pods: 110 };

/** 8 CPU at 1000 MHz (a Kubernetes node: whole millicores), 32 GiB, 110 pods. */
export function tightNode(i: number): Node {
  const id = `node-${i}`;
  return {
    fingerprint: {
      id, name: id, datacenter: 'dc1', nodeClass: '', nodePool: 'default',
      attributes: { 'kernel.name': 'linux', 'cpu.frequency': '1000', 'unique.hostname': id }, meta: {},
    },
    allocatable: { cpu: NODE.cpu, cores: 8, memory: NODE.memory, disk: 100000, pods: NODE.pods, extended: {} },
    ready: true, schedulable: true, millicoreCpu: true,
  };
}

/** One workload: a job of `asks` allocations of `cpu` MHz / `memory` MB. */
export interface TightWorkload { bound: 'cpu' | 'memory'; cpu: number; memory: number; asks: number; type: JobType }

/** One result row. */
export interface TightRow { workload: TightWorkload; setting: string; placed: number; nodesUsed: number; ideal: number; planMs: number }

/** The bench's workloads: 500 MHz / 1 GiB (16 per node by cpu) and 250 MHz / 2 GiB (16 by memory). */
export function tightWorkloads(): TightWorkload[] {
  const out: TightWorkload[] = [];
  for (const [bound, cpu, memory] of [['cpu', 500, 1024], ['memory', 250, 2048]] as const) {
    for (const asks of [10000, 2000]) for (const type of ['batch', 'service'] as const) out.push({ bound, cpu, memory, asks, type });
  }
  return out;
}

/** Places the workload as one job (one plan) on empty nodes. */
export function tightRow(w: TightWorkload, setting: string, options: Omit<PlacementOptions, 'seed'>): TightRow {
  const state = new ClusterState();
  for (let i = 0; i < NODES; i++) state.upsertNode(tightNode(i));
  const req = { job: { id: `tight-${w.bound}`, type: w.type, datacenters: ['dc1'] }, group: { name: 'g', count: w.asks, resources: { cpu: w.cpu, memory: w.memory, disk: 0 } } };
  const t0 = performance.now();
  const plan = placeAllocations(state, req, { ...options, seed: `tight-${w.bound}-${w.asks}-${w.type}` });
  const planMs = performance.now() - t0;
  const perNode = Math.min(Math.floor(NODE.cpu / w.cpu), Math.floor(NODE.memory / w.memory), NODE.pods);
  return { workload: w, setting, placed: plan.placements.length, nodesUsed: new Set(plan.placements.map((p) => p.nodeId)).size, ideal: Math.ceil(w.asks / perNode), planMs };
}

/** Prints the table. */
export function printTight(rows: TightRow[]): void {
  const w = [7, 7, 8, 22, 7, 11, 6, 9, 8];
  const pad = (cells: Array<string | number>): string => cells.map((c, i) => String(c).padStart(w[i] ?? 10)).join('  ');
  console.log(`\nTight packing: one job of N identical allocations on ${NODES} empty nodes of 8 CPU (1000 MHz) / 32 GiB / 110 pods`);
  console.log(pad(['bound', 'asks', 'job', 'setting', 'placed', 'nodes used', 'ideal', 'vs ideal', 'plan ms']));
  for (const r of rows) {
    const ask = r.workload;
    console.log(pad([ask.bound, ask.asks, ask.type, r.setting, r.placed, r.nodesUsed, r.ideal, `×${(r.nodesUsed / r.ideal).toFixed(3)}`, r.planMs.toFixed(0)]));
  }
}
