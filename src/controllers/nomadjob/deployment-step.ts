/**
 * One step of an active deployment: the groups' counts recorded, canaries promoted (on request or auto_promote,
 * once every canary is healthy), and the status decided — failed (asked to, unhealthy without a progress deadline,
 * or the deadline passed), successful (every group complete), paused (asked to), blocked (canaries healthy, awaiting
 * promotion) or running — with the budgets the planner may spend.
 */
import type { DeploymentGroupState, DeploymentState } from '../../crds/nomadjob-types.js';
import { DESCRIPTIONS, type DeployingGroup, type DeploymentDecision, type DeploymentInput } from './deployment-types.js';
import { destructiveBudget, groupComplete, type GroupProgress } from './deployment-group.js';
import { names } from './deployment-requests.js';
import type { ResolvedUpdate } from './update-strategy.js';

/** The group's recorded state from its counts: progress (a newly healthy allocation) moves the deadline on. */
function groupState(before: DeploymentGroupState, progress: GroupProgress, update: ResolvedUpdate): DeploymentGroupState {
  const canaries = before.desiredCanaries > 0 && !before.promoted ? Math.min(progress.placed, before.desiredCanaries) : before.canaries;
  const state: DeploymentGroupState = { ...before, placed: progress.placed, healthy: progress.healthy, unhealthy: progress.unhealthy, canaries };
  if (update.progressDeadlineMs > 0 && progress.lastHealthyMs !== undefined && before.requireProgressBy !== undefined) {
    const by = Math.max(Date.parse(before.requireProgressBy), progress.lastHealthyMs + update.progressDeadlineMs);
    state.requireProgressBy = new Date(by).toISOString();
  }
  return state;
}

const waitsForPromotion = (s: DeploymentGroupState): boolean => s.desiredCanaries > 0 && !s.promoted;
const canariesHealthy = (s: DeploymentGroupState): boolean => s.healthy >= s.desiredCanaries;

/** Promotes every group's canaries when asked (or all canary groups auto-promote) and every canary is healthy. */
function promote(input: DeploymentInput, d: DeploymentState): void {
  const waiting = Object.values(d.groups).filter(waitsForPromotion);
  if (waiting.length === 0 || !waiting.every(canariesHealthy)) return;
  if (!names(input.requests?.promote, d) && !waiting.every((s) => s.autoPromote)) return;
  for (const s of waiting) s.promoted = true;
}

/** Why the group fails the deployment now, if it does. */
function groupFailure(state: DeploymentGroupState, progress: GroupProgress, update: ResolvedUpdate, done: boolean, nowMs: number): string | undefined {
  if (done) return undefined;
  if (update.progressDeadlineMs === 0) return progress.unhealthy > 0 ? DESCRIPTIONS.unhealthy : undefined;
  if (state.requireProgressBy !== undefined && Date.parse(state.requireProgressBy) <= nowMs) return DESCRIPTIONS.progressDeadline;
  return undefined;
}

/** The status of a deployment that has not failed. */
function activeStatus(input: DeploymentInput, d: DeploymentState, complete: boolean): Pick<DeploymentState, 'status' | 'statusDescription'> {
  if (complete) return { status: 'successful', statusDescription: DESCRIPTIONS.successful };
  if (names(input.requests?.pause, d)) return { status: 'paused', statusDescription: DESCRIPTIONS.paused };
  const waiting = Object.values(d.groups).filter(waitsForPromotion);
  if (waiting.length > 0 && waiting.every(canariesHealthy)) {
    return waiting.every((s) => s.autoPromote)
      ? { status: 'running', statusDescription: DESCRIPTIONS.autoPromotion }
      : { status: 'blocked', statusDescription: DESCRIPTIONS.needsPromotion };
  }
  return { status: 'running', statusDescription: DESCRIPTIONS.running };
}

/** The groups' states recorded from their counts (a group new to the deployment starts without canaries). */
function recordGroups(current: DeploymentState, groups: DeployingGroup[]): DeploymentState {
  const next: DeploymentState = { ...current, groups: {} };
  for (const { group, update, progress } of groups) {
    const before = current.groups[group.name] ?? {
      desiredTotal: group.count ?? 1, desiredCanaries: 0, placed: 0, healthy: 0, unhealthy: 0, canaries: 0, promoted: false,
      autoRevert: update.autoRevert, autoPromote: update.autoPromote,
    };
    next.groups[group.name] = groupState(before, progress, update);
  }
  return next;
}

/**
 * Whether an allocation turning healthy by the clock changes what the deployment does: it frees a max_parallel slot
 * (old allocations wait), counts towards promotion, or may complete the group. A group still placing (e.g. short of
 * capacity) is not woken for it; its pods' events and the progress deadline still are.
 */
function clockMatters(state: DeploymentGroupState, progress: GroupProgress): boolean {
  return progress.outdated > 0 || waitsForPromotion(state) || progress.placed >= state.desiredTotal;
}

/** What the groups say together: complete, why it fails, the planner's budgets and canaries, the next check. */
interface Verdict extends DeploymentDecision {
  complete: boolean;
  failure?: string;
  recheckAtMs: number;
}

function judge(input: DeploymentInput, current: DeploymentState, next: DeploymentState, groups: DeployingGroup[]): Verdict {
  const nowMs = input.now.getTime();
  const v: Verdict = { deployment: next, budgets: {}, canaries: {}, complete: true, recheckAtMs: Infinity };
  if (names(input.requests?.fail, current)) v.failure = DESCRIPTIONS.failedByUser;
  for (const { group, update, progress } of groups) {
    const state = next.groups[group.name]!;
    const done = groupComplete(state, progress);
    v.complete &&= done;
    v.failure ??= groupFailure(state, progress, update, done, nowMs);
    if (waitsForPromotion(state)) v.canaries[group.name] = state.desiredCanaries;
    v.budgets[group.name] = waitsForPromotion(state) ? 0 : destructiveBudget(update, progress);
    const deadline = !done && state.requireProgressBy ? Date.parse(state.requireProgressBy) : Infinity;
    v.recheckAtMs = Math.min(v.recheckAtMs, clockMatters(state, progress) ? (progress.recheckAtMs ?? Infinity) : Infinity, deadline);
  }
  return v;
}

/** Counts the groups of an active deployment and moves it on. */
export function nextState(input: DeploymentInput, current: DeploymentState, groups: DeployingGroup[]): DeploymentDecision {
  const next = recordGroups(current, groups);
  promote(input, next);
  const { complete, failure, recheckAtMs, ...out } = judge(input, current, next, groups);
  if (failure) return { ...out, deployment: { ...next, status: 'failed', statusDescription: failure } };
  Object.assign(next, activeStatus(input, next, complete));
  if (complete) return { ...out, budgets: {} };
  if (next.status === 'paused') for (const name of Object.keys(out.budgets)) out.budgets[name] = 0;
  if (Number.isFinite(recheckAtMs)) out.recheckAfterMs = Math.max(1, recheckAtMs - input.now.getTime());
  return out;
}
