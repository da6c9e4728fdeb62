/** Throughput: placements per second and p99 time per placement, measured on the engine's own select loop. */
import { performance } from 'node:perf_hooks';
import { candidateNodes } from '../checkers/candidates.js';
import type { ClusterState } from '../cluster-state.js';
import { asksOf, newContext, placeAllocations } from '../place.js';
import { commitPlacement, emptyPlan } from '../plan-builder.js';
import { newGenericStack } from '../stack.js';
import type { JobType, PlacementOptions, PlacementRequest } from '../types.js';

/** One throughput measurement. */
export interface ThroughputRow {
  nodes: number;
  type: JobType;
  placements: number;
  perSecond: number;
  /** Placements per second of this process's cpu time (user + system): what the engine costs, whatever else runs. */
  perCpuSecond: number;
  p99Ms: number;
  /** Wall time of the equivalent `placeAllocations` call, setup included. */
  planMs: number;
  failed: number;
}

function request(type: JobType, count: number, run: number): PlacementRequest {
  return {
    job: { id: `bench-${type}-${run}`, type, priority: 50, datacenters: ['dc*'] },
    group: {
      name: 'g', count, drivers: ['docker'], constraints: [{ attribute: '${attr.kernel.name}', operator: '=', value: 'linux' }],
      resources: { cpu: 200, memory: 256, disk: 100, ports: type === 'service' ? [{ label: 'http' }] : [] },
    },
  };
}

/** Times each placement of a `count` plan (same code path as placeAllocations, with a clock around each select). */
export function measure(state: ClusterState, type: JobType, count: number, run: number, extra: Omit<PlacementOptions, 'seed'> = {}): ThroughputRow {
  const req = request(type, count, run);
  const asks = asksOf(req);
  const options = { ...extra, seed: run };
  const ctx = newContext(state, req, options, asks);
  const plan = emptyPlan(ctx);
  const stack = newGenericStack(ctx, candidateNodes(ctx.state, req.job));
  const times: number[] = [];
  let failed = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  for (const ask of asks) {
    const t0 = performance.now();
    const option = stack.select(ask, false);
    if (option) commitPlacement(plan, ctx, ask, option);
    else failed++;
    times.push(performance.now() - t0);
  }
  const total = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  times.sort((a, b) => a - b);
  const p0 = performance.now();
  placeAllocations(state, request(type, count, run + 1000), options);
  const planMs = performance.now() - p0;
  return { nodes: state.nodes.size, type, placements: count, perSecond: (count / total) * 1000, perCpuSecond: count / ((cpu.user + cpu.system) / 1e6), p99Ms: times[Math.floor(times.length * 0.99)] ?? 0, planMs, failed };
}
