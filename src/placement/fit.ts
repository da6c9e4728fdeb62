/**
 * BinPackIterator's fit half: ports, then devices and resources against what the node will hold once this plan
 * applies (existing − stopped − preempted + placed). With eviction on, an exhausted node may preempt.
 */
import type { NodeEntry } from './cluster-state.js';
import type { PlanContext } from './context.js';
import { assignPorts } from './ports.js';
import { preemptFor } from './preemption.js';
import type { RankedNode } from './ranked.js';
import { askOnNode, deviceKeys, exceededWith } from './resources.js';
import type { Allocation, Node, ResourceVector } from './types.js';

/** A fitting option, or the dimension that was exhausted. */
export type FitOutcome = { option: RankedNode } | { dimension: string };

/** Names an exhausted extended resource after the device request that asked for it. */
function dimensionName(dimension: string, node: Node, ctx: PlanContext): string {
  for (const device of ctx.request.group.resources.devices ?? []) {
    if (deviceKeys(node, device.name).includes(dimension) || device.name === dimension) return device.name;
  }
  return dimension;
}

/** Fits the group on a node; `evict` allows preempting lower-priority allocations. */
export function binPackFit(entry: NodeEntry, ctx: PlanContext, evict: boolean): FitOutcome {
  const ports = assignPorts(entry, ctx, ctx.request.group.resources.ports);
  if ('dimension' in ports) return ports;
  const ask = askOnNode(ctx.request.group.resources, entry.node);
  const delta = ctx.delta(entry.id)?.used;
  let preempted: Allocation[] = [];
  const dimension = exceededWith(entry.used, delta, ask, entry.node.allocatable);
  if (dimension !== null) {
    const victims = evict ? preemptFor(entry, ctx, ask) : null;
    if (victims === null) return { dimension: dimensionName(dimension, entry.node, ctx) };
    preempted = victims;
  }
  const freed = sumOf(preempted);
  return {
    option: {
      entry, ask, ports: ports.ports, preempted, scores: [], finalScore: 0,
      utilCpu: entry.used.cpu + (delta?.cpu ?? 0) + ask.cpu - freed.cpu,
      utilMemory: entry.used.memory + (delta?.memory ?? 0) + ask.memory - freed.memory,
    },
  };
}

function sumOf(allocs: Allocation[]): Pick<ResourceVector, 'cpu' | 'memory'> {
  let cpu = 0;
  let memory = 0;
  for (const a of allocs) {
    cpu += a.resources.cpu;
    memory += a.resources.memory;
  }
  return { cpu, memory };
}
