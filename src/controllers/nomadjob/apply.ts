/**
 * Applies a decision: delete what stops, bind pods created for a node but left unbound, create and bind every
 * placed allocation (evicting what it preempts). Every failure is returned, never swallowed: a create that fails
 * (409 included) drops its assumption and is reported in status; only pods that exist count as placed.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { KubeApi } from '../../k8s/api.js';
import { toApiError } from '../../k8s/objects.js';
import type { ClusterView } from '../cluster/cluster-view.js';
import type { ControllerMetrics } from './metrics.js';
import type { AllocToStop } from './plan-types.js';
import type { PlacedAlloc } from './schedule.js';
import { TARGET_NODE_ANNOTATION } from './labels.js';
import type { ObservedPod } from './observed.js';

/** What applying needs. */
export interface ApplyDeps {
  api: KubeApi;
  view: ClusterView;
  metrics: ControllerMetrics;
  /** Aborts on shutdown: writes not yet started are abandoned (the next leader plans them again). */
  signal?: AbortSignal;
  /** The clock (for how long a created pod's assumption holds). */
  now?: () => Date;
}

/** What happened: the allocations whose pods now exist, and one message per failed write. */
export interface ApplyOutcome {
  created: PlacedAlloc[];
  errors: string[];
}

/** Runs `fn` over items with at most `limit` in flight; once `signal` aborts, items not yet started are skipped. */
export async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !signal?.aborted) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const message = (err: unknown): string => toApiError(err).message;

/** Network failures after which a request may or may not have reached the apiserver. */
const NO_ANSWER = /ECONNRESET|EPIPE|ETIMEDOUT|ECONNABORTED|connection reset|socket hang up|other side closed|timed? ?out/i;

/**
 * Whether a failed create (or bind) may still have been applied: the pod exists or is bound (409), the apiserver
 * failed or timed out after accepting it (5xx: e.g. 504 while the storage write goes on, 500 "etcdserver: request timed out"), or no answer
 * came. Under heavy load these answers come while the write lands anyway; dropping the capacity hold on them put a
 * second set of pods on a node.
 */
export function writeMayHaveApplied(err: unknown): boolean {
  const e = toApiError(err);
  return e.code === 409 || e.code >= 500 || (e.code === 0 && NO_ANSWER.test(e.message));
}

/** The namespace is being deleted: no create in it can succeed until it is gone (and the job with it). */
export function namespaceTerminating(err: unknown): boolean {
  const e = toApiError(err);
  return e.code === 403 && /because it is being terminated/.test(e.message);
}

/** Deletes stopped allocations (a pod already gone is fine). */
export async function stopAllocations(d: ApplyDeps, ns: string, stops: AllocToStop[], out: ApplyOutcome): Promise<void> {
  await mapLimit(stops, 16, async (s) => {
    try {
      await d.api.deletePod(ns, s.podName);
      d.view.forget(`${ns}/${s.podName}`);
    } catch (err) {
      out.errors.push(`Could not stop ${s.podName}: ${message(err)}`);
    }
  });
}

/** Pods created for a node but not bound (the operator stopped in between): bind them there, or delete them. */
export async function bindStrayPods(d: ApplyDeps, ns: string, pods: ObservedPod[], out: ApplyOutcome): Promise<void> {
  const stray = pods.filter((p) => !p.nodeName && !p.deletionTimestamp && p.phase === 'Pending' && p.uid);
  await mapLimit(stray, 16, async (pod) => {
    const target = pod.annotations[TARGET_NODE_ANNOTATION];
    const node = target ? d.view.node(target) : undefined;
    try {
      if (node?.ready && target) await d.api.bindPod(ns, pod.name, pod.uid, target);
      else await d.api.deletePod(ns, pod.name, pod.uid);
    } catch (err) {
      out.errors.push(`Could not bind ${pod.name} to ${target ?? 'its node'}: ${message(err)}`);
    }
  });
}

async function createAndBind(d: ApplyDeps, ns: string, p: PlacedAlloc, out: ApplyOutcome, abandon: () => void): Promise<void> {
  const name = p.alloc.podName;
  const stop = d.metrics.bindingLatency.startTimer();
  let created: V1Pod;
  let sent = false;
  try {
    for (const victim of p.placement.preempted) {
      const [vns, vname] = victim.split('/');
      await d.api.evictPod(vns ?? ns, vname ?? victim);
    }
    sent = true;
    created = await d.api.createPod(ns, p.pod as unknown as V1Pod);
  } catch (err) {
    // AlreadyExists, or an answer that does not say whether the create was applied (no answer, a timeout, a 5xx): a
    // pod of that name may exist that the cache does not show yet; it keeps a hold until it is seen (then counted
    // where it really is) or the confirmed TTL passes. A refusal, or a create never sent, created nothing: the hold goes.
    if (sent && writeMayHaveApplied(err)) d.view.confirm(`${ns}/${name}`, (d.now?.() ?? new Date()).getTime());
    else d.view.forget(`${ns}/${name}`);
    out.errors.push(`Could not create ${name}: ${message(err)}`);
    if (namespaceTerminating(err)) abandon();
    return;
  }
  out.created.push(p);
  // The pod exists and names its node: it holds that capacity until the informer shows it, however late.
  d.view.confirm(`${ns}/${name}`, (d.now?.() ?? new Date()).getTime());
  if (created.spec?.nodeName) { // created bound (bind mode node-name): one write
    stop();
    return;
  }
  try {
    await d.api.bindPod(ns, name, created.metadata?.uid, p.placement.nodeName);
    stop();
  } catch (err) {
    // The pod exists and names its node: it keeps holding that capacity, and the next pass binds it.
    out.errors.push(`Could not bind ${name} to ${p.placement.nodeName}: ${message(err)}`);
  }
}

/**
 * Creates and binds every placed allocation, 16 at a time. On shutdown, or once the namespace turns out to be
 * terminating (every further create would be refused), the rest are abandoned and un-assumed.
 */
export async function createAllocations(d: ApplyDeps, ns: string, placed: PlacedAlloc[], out: ApplyOutcome): Promise<void> {
  const started = new Set<PlacedAlloc>();
  const terminating = new AbortController();
  const signal = d.signal ? AbortSignal.any([d.signal, terminating.signal]) : terminating.signal;
  await mapLimit(placed, 16, (p) => {
    started.add(p);
    return createAndBind(d, ns, p, out, () => terminating.abort());
  }, signal);
  for (const p of placed) if (!started.has(p)) d.view.forget(`${ns}/${p.alloc.podName}`);
  const abandoned = placed.length - started.size;
  if (terminating.signal.aborted && abandoned > 0) out.errors.push(`Namespace ${ns} is being deleted: ${abandoned} more creates not sent`);
}
