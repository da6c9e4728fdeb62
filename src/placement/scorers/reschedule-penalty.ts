/** NodeReschedulingPenaltyIterator: −1 on nodes where the allocation being replaced previously failed. */
import type { Scorer } from '../ranked.js';

/** Appends `node-reschedule-penalty` for nodes in the current ask's penalty set. */
export function reschedulePenaltyScorer(penaltyNodes: () => ReadonlySet<string>): Scorer {
  return {
    name: 'node-reschedule-penalty',
    score(option) {
      return penaltyNodes().has(option.entry.id) ? -1 : null;
    },
  };
}
