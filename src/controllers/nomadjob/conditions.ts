/** Kubernetes conditions with Nomad meaning, and the rule that a transition time moves only on a status flip. */
import type { Condition } from '../../crds/nomadjob-types.js';

/** Condition types the NomadJob controller sets. */
export const PLACED = 'Placed';
export const HEALTHY = 'Healthy';

/** A condition before its transition time is decided. */
export type ConditionDraft = Omit<Condition, 'lastTransitionTime' | 'observedGeneration'>;

/** Sets transition times: kept from the previous condition of the type when its status is unchanged, else `now`. */
export function withTransitions(
  drafts: ConditionDraft[], previous: Condition[] | undefined, now: Date, generation: number | undefined,
): Condition[] {
  return drafts.map((draft) => {
    const before = previous?.find((c) => c.type === draft.type);
    const lastTransitionTime = before && before.status === draft.status ? before.lastTransitionTime : now.toISOString();
    const condition: Condition = { ...draft, lastTransitionTime };
    if (generation !== undefined) condition.observedGeneration = generation;
    return condition;
  });
}
