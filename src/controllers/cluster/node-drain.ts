/** A node's drain as `kubenomad node drain` records it in a node annotation (read by the planner, drain.ts). */

/** Node annotation holding a drain (JSON {deadline?: ISO time, ignoreSystem?: boolean, startedAt?: ISO time}). */
export const DRAIN_ANNOTATION = 'kubenomad.io/drain';

/** A node's drain, parsed. */
export interface DrainSpec {
  /** Epoch ms after which remaining allocations are stopped; absent: no deadline. */
  deadlineMs?: number;
  ignoreSystem: boolean;
  startedAtMs?: number;
}

/** Parses the drain annotation; undefined when absent or malformed. */
export function parseDrain(text: string | undefined): DrainSpec | undefined {
  if (!text) return undefined;
  try {
    const raw = JSON.parse(text) as { deadline?: string; ignoreSystem?: boolean; startedAt?: string };
    const deadline = raw.deadline ? Date.parse(raw.deadline) : NaN;
    const started = raw.startedAt ? Date.parse(raw.startedAt) : NaN;
    return {
      ignoreSystem: raw.ignoreSystem === true,
      ...(Number.isFinite(deadline) ? { deadlineMs: deadline } : {}),
      ...(Number.isFinite(started) ? { startedAtMs: started } : {}),
    };
  } catch {
    return undefined;
  }
}
