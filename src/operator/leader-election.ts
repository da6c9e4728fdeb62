/**
 * Leader election over a coordination.k8s.io/v1 Lease, as client-go and controller-runtime do it:
 * the leader renews every retry period; a candidate takes over only once `renewTime + leaseDuration < now`;
 * every write carries the resourceVersion it read, so a 409 means another replica won the race; a leader
 * that cannot renew within the renew deadline stops leading; a graceful shutdown releases the lease.
 * The time decisions are the pure `decide`; the I/O is a thin raw-request client (MicroTime needs
 * microseconds, which the typed serializer's Date → toISOString() does not give).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../logging.js';
import { rawRequest } from '../k8s/raw.js';
import { Fence } from './fence.js';

/** The Lease spec fields leader election reads and writes. */
export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

/** A Lease as read from the apiserver. */
export interface Lease {
  apiVersion?: string;
  kind?: string;
  /** Labels, annotations and owner references (e.g. Helm's) are carried through an update unchanged. */
  metadata: { name: string; namespace: string; resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [field: string]: unknown };
  spec?: LeaseSpec;
}

/** What a candidate does next. */
export type Decision =
  | { action: 'renew'; spec: LeaseSpec }
  | { action: 'acquire'; spec: LeaseSpec }
  | { action: 'follow'; holder: string; expiresAt: Date };

/** RFC 3339 with microseconds, as metav1.MicroTime serialises (`2025-01-02T03:04:05.678000Z`). */
export function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** When a lease record stops being valid: renewTime (or acquireTime) + leaseDurationSeconds. */
export function expiry(spec: LeaseSpec): Date {
  const renewed = Date.parse(spec.renewTime ?? spec.acquireTime ?? '');
  return new Date((Number.isNaN(renewed) ? 0 : renewed) + (spec.leaseDurationSeconds ?? 0) * 1000);
}

/** Decides, from the current lease (undefined: none exists), whether `identity` renews, acquires or follows. */
export function decide(lease: LeaseSpec | undefined, identity: string, now: Date, leaseDurationSeconds: number): Decision {
  const at = microTime(now);
  const spec = lease ?? {};
  const holder = spec.holderIdentity ?? '';
  if (holder === identity && lease) {
    return { action: 'renew', spec: { ...spec, leaseDurationSeconds, renewTime: at } };
  }
  const expiresAt = expiry(spec);
  if (holder !== '' && expiresAt.getTime() >= now.getTime()) return { action: 'follow', holder, expiresAt };
  // Free (never held, released, or expired): take it; count a transition when it changes hands.
  const transitions = (spec.leaseTransitions ?? 0) + (lease && holder !== identity && spec.acquireTime ? 1 : 0);
  return { action: 'acquire', spec: { holderIdentity: identity, leaseDurationSeconds, acquireTime: at, renewTime: at, leaseTransitions: transitions } };
}

/** The spec written on graceful shutdown so a standby takes over at its next retry. */
export function releasedSpec(spec: LeaseSpec, now: Date): LeaseSpec {
  return { ...spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: microTime(now) };
}

/** Outcome of one write: written, lost the race (409 or 404), or failed (network, 5xx). */
export type WriteResult = 'ok' | 'conflict' | 'error';

/** The Lease operations leader election needs. */
export interface LeaseClient {
  get(): Promise<Lease | undefined>;
  create(spec: LeaseSpec): Promise<WriteResult>;
  update(lease: Lease, spec: LeaseSpec): Promise<WriteResult>;
}

/** Raw-request Lease client for one Lease (GET, POST, PUT with resourceVersion). */
export function leaseClient(kc: KubeConfig, namespace: string, name: string): LeaseClient {
  const collection = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/leases`;
  const result = (status: number): WriteResult => (status < 300 ? 'ok' : status === 409 || status === 404 ? 'conflict' : 'error');
  const body = (spec: LeaseSpec, resourceVersion?: string): Lease => ({
    apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace, resourceVersion }, spec,
  });
  return {
    async get() {
      const r = await rawRequest(kc, 'GET', `${collection}/${encodeURIComponent(name)}`);
      if (r.status === 404) return undefined;
      if (r.status >= 300) throw new Error(`Cannot read lease ${namespace}/${name}: HTTP ${r.status} ${r.body.slice(0, 200)}`);
      return JSON.parse(r.body) as Lease;
    },
    create: async (spec) => result((await rawRequest(kc, 'POST', collection, body(spec))).status),
    // PUT replaces the object: send back the read metadata (labels, annotations, owners) with the new spec.
    update: async (lease, spec) =>
      result((await rawRequest(kc, 'PUT', `${collection}/${encodeURIComponent(name)}`, { ...body(spec), metadata: { ...lease.metadata, name, namespace } })).status),
  };
}

/** Creates (once per registry) the `kubenomad_leader` gauge: 1 on the leader, 0 elsewhere. */
export function leaderGauge(registry: Registry): Gauge {
  const existing = registry.getSingleMetric('kubenomad_leader');
  if (existing) return existing as Gauge;
  return new Gauge({ name: 'kubenomad_leader', help: 'Whether this replica holds the leader lease (1) or not (0)', registers: [registry] });
}

/** One attempt: read the lease, decide, write. Returns whether `identity` holds the lease afterwards. */
export async function tryAcquireOrRenew(client: LeaseClient, identity: string, now: Date, leaseDurationSeconds: number): Promise<{ leading: boolean; holder?: string; error?: boolean }> {
  const lease = await client.get();
  const decision = decide(lease?.spec, identity, now, leaseDurationSeconds);
  if (decision.action === 'follow') return { leading: false, holder: decision.holder };
  const written = lease ? await client.update(lease, decision.spec) : await client.create(decision.spec);
  return { leading: written === 'ok', holder: written === 'ok' ? identity : undefined, error: written === 'error' };
}

/** Releases the lease if `identity` still holds it (best effort). */
export async function release(client: LeaseClient, identity: string, now: Date): Promise<boolean> {
  const lease = await client.get();
  if (!lease?.spec || lease.spec.holderIdentity !== identity) return false;
  return (await client.update(lease, releasedSpec(lease.spec, now))) === 'ok';
}

/** Where and how to elect. Durations default to client-go's 15 s / 10 s / 2 s. */
export interface LeaderElectionConfig {
  leaseName: string;
  namespace: string;
  /** Unique per replica: the pod name (plus a random suffix across restarts is not needed: a restarted pod re-acquires its own lease). */
  identity: string;
  leaseDurationSeconds?: number;
  renewDeadlineSeconds?: number;
  retryPeriodSeconds?: number;
  /** Aborting it stops campaigning and, when leading, stops the leader work and releases the lease. */
  signal?: AbortSignal;
  log?: Logger;
  /** Where `kubenomad_leader` is registered. */
  registry?: Registry;
  /** Injected for tests. */
  client?: LeaseClient;
  now?: () => Date;
}

/** Leader election settings from KUBENOMAD_LEADER_ELECTION_* (set by the Helm chart); undefined when disabled or unset. */
export function leaderElectionConfigFromEnv(env: NodeJS.ProcessEnv = process.env): Omit<LeaderElectionConfig, 'signal' | 'log' | 'registry'> | undefined {
  if (env.KUBENOMAD_LEADER_ELECTION === 'false' || !env.KUBENOMAD_LEADER_ELECTION_ID) return undefined;
  const seconds = (v: string | undefined, d: number): number => (v && Number(v) > 0 ? Number(v) : d);
  return {
    leaseName: env.KUBENOMAD_LEADER_ELECTION_ID,
    namespace: env.KUBENOMAD_LEADER_ELECTION_NAMESPACE ?? 'default',
    identity: env.POD_NAME ?? env.HOSTNAME ?? `kubenomad-${process.pid}`,
    leaseDurationSeconds: seconds(env.KUBENOMAD_LEASE_DURATION_SECONDS, 15),
    renewDeadlineSeconds: seconds(env.KUBENOMAD_RENEW_DEADLINE_SECONDS, 10),
    retryPeriodSeconds: seconds(env.KUBENOMAD_RETRY_PERIOD_SECONDS, 2),
  };
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** Campaigns until elected (or aborted). Resolves the monotonic start of the winning attempt, or null. */
async function campaign(c: Required<Pick<LeaderElectionConfig, 'identity' | 'leaseDurationSeconds' | 'retryPeriodSeconds' | 'client' | 'now'>> & LeaderElectionConfig): Promise<number | null> {
  let lastHolder: string | undefined;
  while (!c.signal?.aborted) {
    try {
      const started = performance.now();
      const r = await tryAcquireOrRenew(c.client, c.identity, c.now(), c.leaseDurationSeconds);
      if (r.leading) return started;
      if (r.holder && r.holder !== lastHolder) c.log?.info({ leader: r.holder, lease: c.leaseName }, 'waiting for the leader lease');
      lastHolder = r.holder ?? lastHolder;
    } catch (err) {
      c.log?.warn({ err: String(err), lease: c.leaseName }, 'cannot read the leader lease; retrying');
    }
    await sleep(c.retryPeriodSeconds * 1000, c.signal);
  }
  return null;
}

/** Renews every retry period until the lease is lost, the renew deadline passes, or the signal aborts. Resolves why it stopped. */
async function renewLoop(c: Required<Pick<LeaderElectionConfig, 'identity' | 'leaseDurationSeconds' | 'renewDeadlineSeconds' | 'retryPeriodSeconds' | 'client' | 'now'>> & LeaderElectionConfig, fence: Fence): Promise<'aborted' | 'lost'> {
  let lastRenew = c.now().getTime();
  for (;;) {
    await sleep(c.retryPeriodSeconds * 1000, c.signal);
    if (c.signal?.aborted) return 'aborted';
    try {
      const started = performance.now();
      const r = await tryAcquireOrRenew(c.client, c.identity, c.now(), c.leaseDurationSeconds);
      if (r.leading) {
        lastRenew = c.now().getTime();
        fence.renewed(started, c.renewDeadlineSeconds * 1000);
      }
      else if (!r.error) return 'lost'; // someone else holds it, or won a write race
    } catch (err) {
      c.log?.warn({ err: String(err) }, 'cannot renew the leader lease');
    }
    if (c.now().getTime() - lastRenew > c.renewDeadlineSeconds * 1000) return 'lost';
  }
}

/**
 * Campaigns for the lease; once elected runs `onStartedLeading(signal)` (the signal aborts when leadership
 * ends) and keeps renewing. When leadership is lost it aborts that signal and calls `onStoppedLeading`
 * (the operator should then exit: a fresh process re-campaigns with empty caches). On `config.signal`
 * abort it stops the leader work, waits for it, and releases the lease so a standby takes over at once.
 * Resolves when leadership (or the campaign) ends.
 */
export async function runWithLeaderElection(
  kc: KubeConfig,
  config: LeaderElectionConfig,
  onStartedLeading: (signal: AbortSignal, fence: Fence) => Promise<void> | void,
  onStoppedLeading: () => void,
): Promise<void> {
  const c = {
    leaseDurationSeconds: 15, renewDeadlineSeconds: 10, retryPeriodSeconds: 2, now: () => new Date(),
    ...config,
    client: config.client ?? leaseClient(kc, config.namespace, config.leaseName),
  };
  const gauge = c.registry ? leaderGauge(c.registry) : undefined;
  gauge?.set(0);
  const fence = new Fence();
  const electedAt = await campaign(c);
  if (electedAt === null) return;
  fence.renewed(electedAt, c.renewDeadlineSeconds * 1000);
  c.log?.info({ identity: c.identity, lease: `${c.namespace}/${c.leaseName}` }, 'became leader');
  gauge?.set(1);
  const leading = new AbortController();
  const work = Promise.resolve()
    .then(() => onStartedLeading(leading.signal, fence))
    .catch((err: unknown) => c.log?.error({ err: String(err) }, 'leader work failed'));
  const why = await renewLoop(c, fence);
  fence.revoke(); // before anything else: no write goes out from here on
  leading.abort();
  gauge?.set(0);
  if (why === 'lost') c.log?.warn({ identity: c.identity }, 'lost the leader lease; stopping');
  await work;
  if (why === 'aborted') {
    const released = await release(c.client, c.identity, c.now()).catch(() => false);
    c.log?.info({ released }, 'stopped leading');
  }
  onStoppedLeading();
}
