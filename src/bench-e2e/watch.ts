/**
 * Counts the pods of one namespace that are bound to a node, from one watch (field selector `spec.nodeName!=`,
 * so unbound pods cost nothing), instead of polling a list of thousands of pods.
 */
import { performance } from 'node:perf_hooks';
import type { BenchApi } from './api.js';

/** How the wait for N bound pods ended (times are `performance.now()` milliseconds). */
export interface BindOutcome {
  complete: boolean;
  bound: number;
  firstBoundAt?: number;
  doneAt: number;
}

/** A running watch of bound pods. */
export interface BoundWatch {
  /** Resolves when `target` pods are bound or the deadline passes. */
  done: Promise<BindOutcome>;
  stop(): void;
}

interface PodEvent {
  type: string;
  object: { kind?: string; code?: number; metadata?: { name?: string; resourceVersion?: string }; spec?: { nodeName?: string } };
}

interface PodNameList {
  metadata: { resourceVersion: string };
  items: Array<{ metadata: { name: string } }>;
}

const BOUND = 'fieldSelector=spec.nodeName%21%3D';

/** Splits a byte stream into lines (one JSON watch event per line). */
function lineSplitter(onLine: (line: string) => void): (chunk: Buffer) => void {
  let rest = '';
  return (chunk) => {
    const text = rest + chunk.toString('utf8');
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line) onLine(line);
  };
}

/** Starts watching `ns` for bound pods; `deadline` is a `performance.now()` time. */
export async function watchBound(api: BenchApi, ns: string, target: number, deadline: number): Promise<BoundWatch> {
  const names = new Set<string>();
  const abort = new AbortController();
  let firstBoundAt: number | undefined;
  let finish: (o: BindOutcome) => void = () => undefined;
  const done = new Promise<BindOutcome>((resolve) => (finish = resolve));
  const end = (complete: boolean): void => {
    if (abort.signal.aborted) return;
    clearTimeout(timer);
    abort.abort();
    finish({ complete, bound: names.size, firstBoundAt, doneAt: performance.now() });
  };
  const see = (name: string): void => {
    firstBoundAt ??= performance.now();
    names.add(name);
    if (names.size >= target) end(true);
  };
  const timer = setTimeout(() => end(false), Math.max(0, deadline - performance.now()));
  const list = async (): Promise<string> => {
    const got = await api.json<PodNameList>('GET', `/api/v1/namespaces/${ns}/pods?${BOUND}`);
    for (const p of got.items) see(p.metadata.name);
    return got.metadata.resourceVersion;
  };
  let rv = await list();
  const onEvent = (e: PodEvent): void => {
    if (e.type === 'ERROR') {
      rv = e.object.code === 410 ? '' : rv; // expired: relist below
      return;
    }
    rv = e.object.metadata?.resourceVersion ?? rv;
    if ((e.type === 'ADDED' || e.type === 'MODIFIED') && e.object.spec?.nodeName && e.object.metadata?.name) see(e.object.metadata.name);
  };
  const loop = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      if (!rv) rv = await list();
      const path = `/api/v1/namespaces/${ns}/pods?watch=1&allowWatchBookmarks=true&${BOUND}&resourceVersion=${rv}`;
      const status = await api.stream(path, lineSplitter((line) => onEvent(JSON.parse(line) as PodEvent)), abort.signal);
      if (status !== 200) await new Promise((r) => setTimeout(r, 200)); // not a watch: do not spin
    }
  };
  loop().catch(() => end(false));
  return { done, stop: () => end(false) };
}
