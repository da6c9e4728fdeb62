/**
 * The Dispatch status (pure): the child it launched (or the existing child its idempotency token
 * matched), the child's outcome as the phase, and the Dispatched condition.
 */
import type { Dispatch, DispatchStatus } from '../../crds/dispatch-types.js';
import type { NomadJob } from '../../crds/nomadjob-types.js';
import { withTransitions, type ConditionDraft } from '../nomadjob/conditions.js';
import { childOutcome } from '../periodic/observe.js';
import type { DispatchProblem } from './validate.js';

/** Condition type: whether the dispatch launched (or found) its child job. */
export const DISPATCHED = 'Dispatched';

/** The phase mirroring a child NomadJob: pending until it runs, then running, complete or failed. */
export function phaseOf(child: NomadJob | undefined): NonNullable<DispatchStatus['phase']> {
  if (!child) return 'pending';
  const outcome = childOutcome(child);
  return outcome === 'launched' ? 'pending' : outcome === 'running' || outcome === 'complete' || outcome === 'failed' ? outcome : 'pending';
}

/** The message of refused dispatches: every problem, with its field. */
export function problemsMessage(problems: readonly DispatchProblem[]): string {
  return problems.map((p) => `${p.field}: ${p.message}`).join('; ');
}

/** Status of a dispatch Nomad would refuse. */
export function refusedStatus(d: Dispatch, problems: readonly DispatchProblem[], now: Date): DispatchStatus {
  const condition: ConditionDraft = { type: DISPATCHED, status: 'False', reason: 'InvalidDispatch', message: problemsMessage(problems) };
  return withGeneration(d, { phase: 'failed', conditions: withTransitions([condition], d.status?.conditions, now, d.metadata.generation) });
}

/** Status of a dispatch linked to `child` (`matched`: found by idempotency token, not created by it). */
export function linkedStatus(d: Dispatch, childName: string, child: NomadJob | undefined, matched: boolean, now: Date): DispatchStatus {
  const condition: ConditionDraft = matched
    ? { type: DISPATCHED, status: 'True', reason: 'IdempotencyTokenMatched', message: `Idempotency token matched the existing child ${childName}` }
    : { type: DISPATCHED, status: 'True', reason: 'Dispatched', message: `Dispatched child ${childName}` };
  const status: DispatchStatus = {
    childJob: childName,
    phase: phaseOf(child),
    conditions: withTransitions([condition], d.status?.conditions, now, d.metadata.generation),
  };
  const id = child?.spec.id ?? d.status?.dispatchedJobId;
  if (id) status.dispatchedJobId = id;
  return withGeneration(d, status);
}

function withGeneration(d: Dispatch, status: DispatchStatus): DispatchStatus {
  return d.metadata.generation === undefined ? status : { observedGeneration: d.metadata.generation, ...status };
}
