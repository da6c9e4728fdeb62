/** The placement engine: pure functions from a cluster snapshot and a request to a plan. See README.md. */
export { placeAllocations, preemptionEnabled, DEFAULT_PREEMPTION } from './place.js';
export { placeSystem } from './system.js';
export { DEFAULT_BEST_FIT_CANDIDATES } from './best-fit-source.js';
export { formatAllocMetrics, formatDryRun, formatPreemptions, formatScores } from './format.js';
export { ClusterState, jobKey, groupKey } from './cluster-state.js';
export type { NodeEntry } from './cluster-state.js';
export { STRATEGIES } from './scorers/strategies.js';
export { versionMatches } from './operators/version.js';
export { checkOperator, satisfies, constraintString } from './operators/constraint.js';
export { createRng } from './rng.js';
export type * from './types.js';
