/**
 * The placement pipelines, wired top to bottom like Nomad's NewGenericStack and NewSystemStack.
 * Checkers say `node → reason | null`; scorers append labelled scores; selection keeps the best option.
 */
import { bestFitSource } from './best-fit-source.js';
import type { NodeEntry } from './cluster-state.js';
import type { Candidates } from './checkers/candidates.js';
import type { Checker } from './checkers/checker.js';
import { constraintCheckers } from './checkers/constraints.js';
import { deviceChecker } from './checkers/devices.js';
import { distinctHostsChecker } from './checkers/distinct-hosts.js';
import { distinctPropertyChecker } from './checkers/distinct-property.js';
import { driverChecker } from './checkers/drivers.js';
import type { Feasibility } from './checkers/feasibility.js';
import { feasibilityWrapper } from './checkers/feasibility.js';
import { hostVolumeChecker } from './checkers/host-volumes.js';
import { nodeSelectorChecker } from './checkers/node-selector.js';
import { taintChecker } from './checkers/taints.js';
import type { PlanContext } from './context.js';
import { binPackFit } from './fit.js';
import { exhaustNode, filterNode, newMetric, qualifies, retainScore } from './metrics.js';
import type { RankedNode, Scorer } from './ranked.js';
import { scoreOption } from './ranked.js';
import { shuffle } from './rng.js';
import { binPackScorer } from './scorers/binpack.js';
import { jobAntiAffinityScorer } from './scorers/job-anti-affinity.js';
import { nodeAffinityScorer } from './scorers/node-affinity.js';
import { preemptionScorer } from './scorers/preemption-score.js';
import { reschedulePenaltyScorer } from './scorers/reschedule-penalty.js';
import { spreadScorer } from './scorers/spread.js';
import { bestFitLimits, selectBest, selectionLimit } from './select.js';
import { NodeSource } from './source.js';
import type { AlgorithmName, NodeScore, PlacementAsk } from './types.js';

/** Picks a node for one allocation of the request's group; the attempt's metric is left in `ctx.metric`. */
export interface Stack {
  select(ask: PlacementAsk, evict: boolean): RankedNode | null;
}

const NO_PENALTY: ReadonlySet<string> = new Set();

function present<T>(items: Array<T | null>): T[] {
  return items.filter((i): i is T => i !== null);
}

/** The algorithm in force: the job's override, else the cluster's, else binpack. */
export function algorithmOf(ctx: PlanContext): AlgorithmName {
  return ctx.request.job.algorithm ?? ctx.options.algorithm ?? 'binpack';
}

/** Converts a ranked option into the metric's NodeScore. */
export function nodeScoreOf(option: RankedNode): NodeScore {
  const scores: Record<string, number> = {};
  for (const s of option.scores) scores[s.scorer] = s.score;
  return { nodeId: option.entry.id, nodeName: option.entry.node.fingerprint.name, scores, normScore: option.finalScore };
}

/** Runs one node through feasibility, fit and scoring, recording every outcome in the metric. */
export function rankNode(entry: NodeEntry, ctx: PlanContext, feasible: Feasibility, scorers: Scorer[], evict: boolean): RankedNode | null {
  ctx.metric.nodesEvaluated++;
  const reason = feasible(entry, ctx);
  if (reason !== null) {
    filterNode(ctx.metric, entry, reason);
    return null;
  }
  const fit = binPackFit(entry, ctx, evict);
  if ('dimension' in fit) {
    exhaustNode(ctx.metric, entry, fit.dimension);
    return null;
  }
  scoreOption(fit.option, scorers, ctx);
  if (qualifies(ctx.metric, fit.option.finalScore)) retainScore(ctx.metric, (fit.option.nodeScore = nodeScoreOf(fit.option)));
  return fit.option;
}

/** Static facts about a node, cached per computed class except where a check says otherwise. */
export function nodeCheckers(ctx: PlanContext): Checker[] {
  const { job, group } = ctx.request;
  return [
    ...constraintCheckers('job', job.constraints), // job constraints first: they rule out whole classes at once
    driverChecker(group.drivers), // every task needs its driver on the node
    ...constraintCheckers('group', group.constraints), // then group (and merged task) constraints
    deviceChecker(group.resources.devices), // the node must offer the requested device types
    taintChecker(group.tolerations), // Kubernetes: hard taints keep us off unless tolerated
    nodeSelectorChecker(group.nodeSelector, group.requiredNodeAffinity), // Kubernetes labels: unique per node, never cached
    hostVolumeChecker(group.hostVolumes), // volumes come and go: never cached
  ].filter((c) => c.applies !== false);
}

/** NewGenericStack: the service and batch pipeline. */
export function newGenericStack(ctx: PlanContext, candidates: Candidates): Stack {
  const { job, group } = ctx.request;
  // Random scan order, seeded from the plan so any decision can be replayed.
  const source = new NodeSource(shuffle([...candidates.nodes], ctx.rng));
  const feasible = feasibilityWrapper([
    ...nodeCheckers(ctx),
    ...present([
      distinctHostsChecker(job.constraints, group.constraints), // depends on this plan's placements: never cached
      distinctPropertyChecker(job.constraints, group.constraints), // likewise, counts per attribute value
    ]),
  ]);
  let penalty: ReadonlySet<string> = NO_PENALTY;
  const affinities = [...(job.affinities ?? []), ...(group.affinities ?? [])];
  const spreads = [...(job.spreads ?? []), ...(group.spreads ?? [])];
  const scorers = present([
    binPackScorer(algorithmOf(ctx)), // fit: how well the node's cpu and memory would be used
    jobAntiAffinityScorer(group.count), // don't stack one group's allocations on the same node
    reschedulePenaltyScorer(() => penalty), // avoid nodes where the previous attempt failed
    nodeAffinityScorer(affinities), // soft preferences, weighted
    spreadScorer(spreads, group.count), // spread blocks: targets or even spread
    preemptionScorer(), // prefer evicting less important work
  ]);
  const affinityOrSpread = affinities.length + spreads.length > 0;
  // Nomad examines only a few fitting nodes: 2 for batch, log2(n) for service, more with affinity/spread.
  const nomadLimit = ctx.options.scanLimit ?? selectionLimit({
    batch: job.type === 'batch', candidates: candidates.nodes.length, count: group.count,
    affinityOrSpread, nodeLimit: ctx.options.nodeLimitForFeasibilityChecks,
  });
  // Best fit (not Nomad, ADRs 0002/0004): the fullest fitting nodes from the best-fit index replace the random sample.
  const k = Math.floor(ctx.options.bestFitCandidates ?? 0);
  const bestFit = algorithmOf(ctx) === 'binpack' && k > 0 ? k : 0; // spread, absent, 0 or NaN: off
  const keepSample = affinityOrSpread || ctx.options.scanLimit !== undefined; // their scorers want a wide sample
  const { limit, fromIndex } = bestFitLimits(bestFit, nomadLimit, keepSample);
  const fullest = bestFitSource(ctx, candidates, fromIndex);
  const rankFit = (entry: NodeEntry): RankedNode | null => rankNode(entry, ctx, feasible, scorers, false);
  const available = { ...candidates.available }; // shared by this plan's metrics
  return {
    select(ask, evict) {
      ctx.metric = newMetric(candidates.nodes.length, available);
      penalty = ask.penaltyNodeIds?.length ? new Set(ask.penaltyNodeIds) : NO_PENALTY;
      source.reset();
      // The index holds only what fits without eviction, so the preemption pass is Nomad's scan alone.
      const walk = fullest.start(evict ? null : rankFit);
      const next = (): RankedNode | null => {
        const fittest = walk.next();
        if (fittest) return fittest;
        for (let entry = source.next(); entry !== null; entry = source.next()) {
          if (walk.offered(entry)) continue; // already ranked in this selection
          const option = rankNode(entry, ctx, feasible, scorers, evict);
          if (option) return option;
        }
        return null;
      };
      return selectBest(next, limit);
    },
  };
}

/** NewSystemStack: one node at a time, no shuffle, no limit; only distinct_property among plan-dependent checks. */
export function newSystemStack(ctx: PlanContext, candidates: Candidates): { selectOn(entry: NodeEntry, evict: boolean): RankedNode | null } {
  const { job, group } = ctx.request;
  const feasible = feasibilityWrapper([...nodeCheckers(ctx), ...present([distinctPropertyChecker(job.constraints, group.constraints)])]);
  const scorers = [binPackScorer(algorithmOf(ctx))];
  const available = { ...candidates.available }; // shared by this plan's metrics
  return {
    selectOn(entry, evict) {
      ctx.metric = newMetric(candidates.nodes.length, available);
      return rankNode(entry, ctx, feasible, scorers, evict);
    },
  };
}
