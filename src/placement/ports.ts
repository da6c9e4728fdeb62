/**
 * Host port assignment (Nomad's NetworkIndex): static ports must be free; dynamic ports are drawn at random from
 * the dynamic range (20 stochastic tries, then a precise scan of the free ports), deterministic from the plan seed.
 */
import type { NodeEntry } from './cluster-state.js';
import type { PlanContext } from './context.js';
import type { AssignedPort, PortAsk } from './types.js';

/** Nomad's DefaultMinDynamicPort / DefaultMaxDynamicPort. */
export const DYNAMIC_PORT_MIN = 20000;
export const DYNAMIC_PORT_MAX = 32000;
const MAX_RAND_PORT_ATTEMPTS = 20;

/** Assigned ports, or the exhausted network dimension. */
export type PortOutcome = { ports: AssignedPort[] } | { dimension: string };

/** Assigns the group's ports on a node, avoiding every port held there or already offered. */
export function assignPorts(entry: NodeEntry, ctx: PlanContext, asks: PortAsk[] = []): PortOutcome {
  if (asks.length === 0) return { ports: [] };
  const offered = new Set<number>();
  const ports: AssignedPort[] = [];
  for (const ask of asks) {
    if (ask.static === undefined) continue;
    if (offered.has(ask.static) || ctx.portInUse(entry, ask.static)) {
      return { dimension: `network: reserved port collision ${ask.static}` };
    }
    offered.add(ask.static);
    ports.push(portOf(ask, ask.static));
  }
  for (const ask of asks) {
    if (ask.static !== undefined) continue;
    const port = pickDynamic(entry, ctx, offered);
    if (port === null) return { dimension: 'network: dynamic port selection failed' };
    offered.add(port);
    ports.push(portOf(ask, port));
  }
  return { ports };
}

function portOf(ask: PortAsk, value: number): AssignedPort {
  return ask.to === undefined ? { label: ask.label, value } : { label: ask.label, value, to: ask.to === -1 ? value : ask.to };
}

function pickDynamic(entry: NodeEntry, ctx: PlanContext, offered: Set<number>): number | null {
  const { min, max } = ctx.options.dynamicPorts ?? { min: DYNAMIC_PORT_MIN, max: DYNAMIC_PORT_MAX };
  const free = (p: number): boolean => !offered.has(p) && !ctx.portInUse(entry, p);
  for (let i = 0; i < MAX_RAND_PORT_ATTEMPTS; i++) {
    const p = min + ctx.rng.int(max - min);
    if (free(p)) return p;
  }
  const candidates: number[] = [];
  for (let p = min; p <= max; p++) if (free(p)) candidates.push(p);
  return candidates.length === 0 ? null : (candidates[ctx.rng.int(candidates.length)] ?? null);
}
