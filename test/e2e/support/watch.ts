/**
 * Records every change of a collection from a point in time on (list, then watch from the list's
 * resourceVersion), so a test can assert on what happened in between polls: a status that was shown only
 * briefly, a pod that was created and deleted again, the order of two changes.
 */
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import { rawRequest } from '../../../src/k8s/raw.js';

/** One recorded change; LISTED marks objects that existed when recording started. */
export interface RecordedEvent<T> {
  type: 'LISTED' | 'ADDED' | 'MODIFIED' | 'DELETED';
  object: T;
  /** When this process received it (epoch ms, this machine's clock). */
  at?: number;
}

/** A running recording. */
export interface Recorder<T> {
  /** Every change so far, in the order the apiserver sent them. */
  readonly events: ReadonlyArray<RecordedEvent<T>>;
  /** Throws when the watch broke in a way that may have lost events (e.g. 410 Gone on a resume). */
  assertComplete(): void;
  stop(): void;
}

/** Options of a recording: the collection's API path and optional selectors. */
export interface RecordOptions {
  /** e.g. `/api/v1/namespaces/ns/pods` or `/apis/kubenomad.io/v1alpha1/namespaces/ns/nomadjobs`. */
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/** What a recorded object must have: the metadata a watch resumes and orders by. */
export interface Recordable {
  metadata?: { uid?: string; resourceVersion?: string };
}

interface WatchState<T> {
  events: Array<RecordedEvent<T>>;
  resourceVersion: string;
  stopped: boolean;
  failure?: Error;
  abort?: AbortController;
}

function query(o: RecordOptions, extra: Record<string, string>): string {
  const q = new URLSearchParams(extra);
  if (o.labelSelector) q.set('labelSelector', o.labelSelector);
  if (o.fieldSelector) q.set('fieldSelector', o.fieldSelector);
  return q.toString();
}

/** Starts recording a collection; resolves once the watch is established, so no later change is missed. */
export async function recordChanges<T extends Recordable>(kc: KubeConfig, o: RecordOptions): Promise<Recorder<T>> {
  const listed = await rawRequest(kc, 'GET', `${o.path}?${query(o, {})}`);
  if (listed.status !== 200) throw new Error(`Cannot list ${o.path}: ${listed.status} ${listed.body.slice(0, 300)}`);
  const list = JSON.parse(listed.body) as { metadata?: { resourceVersion?: string }; items?: T[] };
  const state: WatchState<T> = {
    events: (list.items ?? []).map((object) => ({ type: 'LISTED', object })),
    resourceVersion: list.metadata?.resourceVersion ?? '',
    stopped: false,
  };
  await startWatch(kc, o, state);
  return {
    events: state.events,
    assertComplete() {
      if (state.failure) throw new Error(`The recording of ${o.path} is incomplete: ${state.failure.message}`);
    },
    stop() {
      state.stopped = true;
      state.abort?.abort();
    },
  };
}

/** Watches from `state.resourceVersion`; resumes from the last seen version when the server closes the stream. */
async function startWatch<T extends Recordable>(kc: KubeConfig, o: RecordOptions, state: WatchState<T>): Promise<void> {
  const params: Record<string, string> = { resourceVersion: state.resourceVersion, allowWatchBookmarks: 'true' };
  if (o.labelSelector) params.labelSelector = o.labelSelector;
  if (o.fieldSelector) params.fieldSelector = o.fieldSelector;
  const onEvent = (type: string, object: T): void => {
    const rv = object.metadata?.resourceVersion;
    if (rv) state.resourceVersion = rv;
    if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') state.events.push({ type, object, at: Date.now() });
    if (type === 'ERROR') state.failure ??= new Error(`watch error ${JSON.stringify(object).slice(0, 300)}`);
  };
  const onDone = (err: unknown): void => {
    if (state.stopped || state.failure) return;
    if (err) {
      state.failure = err instanceof Error ? err : new Error(String(err));
      return;
    }
    startWatch(kc, o, state).catch((e: unknown) => (state.failure ??= e instanceof Error ? e : new Error(String(e))));
  };
  state.abort = await new Watch(kc).watch(o.path, params, onEvent, onDone);
}

