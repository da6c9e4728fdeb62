/**
 * One timed run of one system in a fresh namespace: prepare (untimed), watch, go, wait for N bound pods or
 * the deadline, stop the system, check every node, then delete the pods and wait until they are gone.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { deltaLines, readCounters, type Counters } from './api-requests.js';
import { checkPacking } from './check.js';
import { createNamespace, emptyAndDeleteNamespace } from './namespaces.js';
import { SYSTEMS, type RunContext, type SystemKey } from './systems.js';
import { watchBound } from './watch.js';

/** What one run measured. */
export interface RunResult {
  system: SystemKey;
  round: number;
  /** Bound pods per second from the first write (or first bind) to the last bind; partial when timed out. */
  podsPerS: number;
  complete: boolean;
  bound: number;
  seconds: number;
  nodesUsed: number;
  overcommitted: string[];
  peakRssMiB?: number;
  /** Why the run failed (not a timeout: an error), if it did. */
  error?: string;
}

/** The fresh namespace of one run. */
export const runNamespace = (key: SystemKey, round: number): string => `bench-r${round}-${key.toLowerCase()}`;

/** The per-run timeout: max(120 s, N / 20 s). */
export function runTimeoutMs(pods: number): number {
  return Math.max(120_000, (pods / 20) * 1000);
}

/** Runs one system once; `base` is the context without the namespace. */
export async function runSystem(key: SystemKey, round: number, base: Omit<RunContext, 'ns'>): Promise<RunResult> {
  const ns = runNamespace(key, round);
  const ctx: RunContext = { ...base, ns };
  const system = SYSTEMS[key];
  const timeoutMs = runTimeoutMs(ctx.pods);
  ctx.log(`round ${round}: ${system.label} (load average ${loadavg()[0]?.toFixed(2)})`);
  await createNamespace(ctx.api, ns);
  const run = await system.prepare(ctx);
  let timed: Pick<RunResult, 'podsPerS' | 'complete' | 'bound' | 'seconds'>;
  let peakRssMiB: number | undefined;
  try {
    const before: Counters | undefined = ctx.apiRequests ? await readCounters(ctx.api) : undefined;
    const deadline = performance.now() + timeoutMs;
    const watch = await watchBound(ctx.api, ns, ctx.pods, deadline);
    const stopWrites = new AbortController();
    const go = run.go(stopWrites.signal).catch((err: unknown) => {
      watch.stop();
      throw err;
    });
    const outcome = await watch.done;
    stopWrites.abort();
    const start = (await go) ?? outcome.firstBoundAt ?? outcome.doneAt;
    const seconds = Math.max(outcome.doneAt - start, 1) / 1000;
    timed = { podsPerS: outcome.bound / seconds, complete: outcome.complete, bound: outcome.bound, seconds };
    if (outcome.firstBoundAt !== undefined) ctx.log(`  first pod bound ${((outcome.firstBoundAt - start) / 1000).toFixed(2)} s after the start`);
    peakRssMiB = run.peakRssMiB();
    if (before) ctx.log(`  apiserver during the run:\n    ${deltaLines(before, await readCounters(ctx.api)).join('\n    ')}`);
  } finally {
    await run.stop();
  }
  const check = await checkPacking(ctx.api, ns);
  await emptyAndDeleteNamespace(ctx.api, ns, timeoutMs);
  const result: RunResult = { system: key, round, ...timed, nodesUsed: check.nodesUsed, overcommitted: check.overcommitted, peakRssMiB };
  const rss = peakRssMiB === undefined ? '' : `, peak RSS ${peakRssMiB.toFixed(0)} MiB`;
  const status = result.complete ? '' : `TIMED OUT after ${(timeoutMs / 1000).toFixed(0)} s with ${result.bound}/${ctx.pods} bound: `;
  ctx.log(`  ${status}${result.podsPerS.toFixed(0)} pods/s over ${result.seconds.toFixed(1)} s, ${result.nodesUsed} nodes used, ${result.overcommitted.length} over-committed${rss}`);
  for (const line of result.overcommitted.slice(0, 5)) ctx.log(`  over-committed ${line}`);
  if (check.worstNodePods.length > 0) ctx.log(`  pods on the first over-committed node:\n    ${check.worstNodePods.join('\n    ')}`);
  if (check.podsInNamespace !== ctx.pods) ctx.log(`  ${check.podsInNamespace} non-terminal bound pods in the run's namespace, not ${ctx.pods}`);
  return result;
}
