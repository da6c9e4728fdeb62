/**
 * SpreadIterator (`allocation-spread`): per spread block, boost nodes whose attribute value is below its target
 * share (or, without targets, below the least-used value); blocks are summed; appended only when non-zero.
 */
import type { PlanContext } from '../context.js';
import type { RankedNode, Scorer } from '../ranked.js';
import { resolveTarget } from '../targets.js';
import type { SpreadSpec } from '../types.js';

/** Nomad's default spread weight. */
export const DEFAULT_SPREAD_WEIGHT = 50;
const IMPLICIT_TARGET = '*';

interface SpreadInfo {
  attribute: string;
  weight: number;
  /** Desired allocations per value; empty means even spread. */
  desired: Map<string, number>;
}

/** Desired counts per target value; the remainder goes to the implicit `*` target. */
export function desiredCounts(spread: SpreadSpec, count: number): Map<string, number> {
  const desired = new Map<string, number>();
  let sum = 0;
  for (const t of spread.targets ?? []) {
    const d = ((t.percent ?? 0) / 100) * count;
    desired.set(t.value, d);
    sum += d;
  }
  if (desired.size > 0 && sum < count) desired.set(IMPLICIT_TARGET, count - sum);
  return desired;
}

/** evenSpreadScoreBoost: compares the node's value count with the least and most used values. */
export function evenSpreadBoost(counts: Map<string, number>, value: string | null): number {
  const used = [...counts.values()].filter((n) => n > 0);
  if (used.length === 0) return 0;
  if (value === null) return -1;
  const current = counts.get(value) ?? 0;
  const min = Math.min(...used);
  const max = Math.max(...used);
  if (current !== min) return (min - current) / min;
  if (min === max) return -1;
  return (max - min) / min;
}

function targetBoost(info: SpreadInfo, used: number, value: string, sumWeights: number, state: { lowest: number }): number {
  const desired = info.desired.get(value) ?? info.desired.get(IMPLICIT_TARGET);
  if (desired === undefined) return -1;
  if (desired === 0) return state.lowest;
  const boost = ((desired - used) / desired) * (info.weight / sumWeights);
  state.lowest = Math.min(state.lowest, boost);
  return boost;
}

function spreadTotal(infos: SpreadInfo[], option: RankedNode, ctx: PlanContext, state: { lowest: number }, sumWeights: number): number {
  let total = 0;
  for (const info of infos) {
    const value = resolveTarget(info.attribute, option.entry.node.fingerprint);
    const counts = ctx.propertyCounts(info.attribute, true);
    if (!value.found) {
      total -= 1;
      continue;
    }
    if (info.desired.size === 0) total += evenSpreadBoost(counts, value.value);
    else total += targetBoost(info, (counts.get(value.value) ?? 0) + 1, value.value, sumWeights, state);
  }
  return total;
}

/** A scorer, or null when the group has no spread blocks. */
export function spreadScorer(spreads: SpreadSpec[], count: number): Scorer | null {
  if (spreads.length === 0) return null;
  const infos = spreads.map((s) => ({ attribute: s.attribute, weight: s.weight ?? DEFAULT_SPREAD_WEIGHT, desired: desiredCounts(s, count) }));
  const sumWeights = infos.reduce((s, i) => s + i.weight, 0);
  const state = { lowest: -1 };
  return {
    name: 'allocation-spread',
    score(option, ctx) {
      const total = spreadTotal(infos, option, ctx, state, sumWeights);
      return total !== 0 ? total : null;
    },
  };
}
