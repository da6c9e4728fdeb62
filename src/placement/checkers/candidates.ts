/** The node source: ready, schedulable nodes in the job's datacenters (glob) and node pool (readyNodesInDCsAndPool). */
import type { ClusterState, NodeEntry } from '../cluster-state.js';
import type { JobSpec } from '../types.js';

/** Candidate nodes and, per datacenter, how many ready nodes it has. */
export interface Candidates {
  /** Shared between plans while the node set is unchanged: copy before reordering. */
  readonly nodes: readonly NodeEntry[];
  readonly available: Readonly<Record<string, number>>;
}

/** go-glob: `*` matches any run of characters, everything else is literal. */
export function globMatch(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const parts = pattern.split('*');
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  if (!value.startsWith(first) || !value.endsWith(last) || value.length < first.length + last.length) return false;
  let at = first.length;
  for (const part of parts.slice(1, -1)) {
    const found = value.indexOf(part, at);
    if (found < 0 || found + part.length > value.length - last.length) return false;
    at = found + part.length;
  }
  return true;
}

/** Whether the node is in one of the datacenters and the pool (`all` matches every pool). */
export function inDatacentersAndPool(entry: NodeEntry, job: JobSpec): boolean {
  const fp = entry.node.fingerprint;
  const pool = job.nodePool ?? 'default';
  if (pool !== 'all' && fp.nodePool !== pool) return false;
  return (job.datacenters ?? ['*']).some((dc) => globMatch(dc, fp.datacenter));
}

/** Candidate lists per state, for the node set at `version`, keyed by pool and datacenter patterns. */
const memo = new WeakMap<ClusterState, { version: number; byJobScope: Map<string, Candidates> }>();

/**
 * Ready + schedulable nodes of the job's datacenters/pool, by node id (the caller shuffles). Memoised per
 * (pool, datacenters) until a node changes: a plan on a large cluster then skips an O(nodes) glob pass.
 */
export function candidateNodes(state: ClusterState, job: JobSpec): Candidates {
  let cache = memo.get(state);
  if (cache?.version !== state.nodesVersion) memo.set(state, (cache = { version: state.nodesVersion, byJobScope: new Map() }));
  const key = `${job.nodePool ?? 'default'}\u0000${(job.datacenters ?? ['*']).join('\u0000')}`;
  let found = cache.byJobScope.get(key);
  if (!found) cache.byJobScope.set(key, (found = scanCandidates(state, job)));
  return found;
}

function scanCandidates(state: ClusterState, job: JobSpec): Candidates {
  const nodes: NodeEntry[] = [];
  const available: Record<string, number> = {};
  for (const dc of job.datacenters ?? ['*']) if (!dc.includes('*')) available[dc] = 0;
  for (const entry of state.nodes.values()) {
    if (!entry.node.ready || !entry.node.schedulable || !inDatacentersAndPool(entry, job)) continue;
    nodes.push(entry);
    const dc = entry.node.fingerprint.datacenter;
    available[dc] = (available[dc] ?? 0) + 1;
  }
  // By node id, as Nomad's state store iterates nodes: the seeded shuffle then depends on the node set only, not on
  // the order nodes happened to arrive in (so `kubenomad plan` on a fresh snapshot predicts the operator).
  nodes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { nodes, available };
}
