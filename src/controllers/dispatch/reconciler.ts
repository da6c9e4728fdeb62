/**
 * One reconcile pass of a Dispatch (key `namespace/name`): once linked to a child, mirror the child's
 * outcome; otherwise validate against the parameterized job (refusing as Nomad would, since the
 * admission webhook may be absent), return the existing child of a repeated idempotency token, or
 * create the child. The status is patched once, only when it changed.
 */
import type { Dispatch, DispatchStatus } from '../../crds/dispatch-types.js';
import type { NomadJob } from '../../crds/nomadjob-types.js';
import type { KubeApi } from '../../k8s/api.js';
import { toApiError } from '../../k8s/objects.js';
import type { Logger } from '../../logging.js';
import { canonicalJson } from '../nomadjob/hash.js';
import { recordEvent } from '../periodic/apply.js';
import { nomadJobId } from '../periodic/child.js';
import { LABEL_PARENT_JOB, parentLabelValue } from '../periodic/naming.js';
import { buildDispatchChild, findExistingChild } from './child.js';
import { hex8FromUid, idempotencyTokenLabelValue, LABEL_IDEMPOTENCY_TOKEN_HASH } from './naming.js';
import { linkedStatus, problemsMessage, refusedStatus } from './status.js';
import { validateDispatch } from './validate.js';

/** Read access to the informer caches. */
export interface DispatchCaches {
  dispatch(namespace: string, name: string): Dispatch | undefined;
  job(namespace: string, name: string): NomadJob | undefined;
}

/** Dependencies of the reconciler. */
export interface DispatchReconcilerDeps {
  api: KubeApi;
  log: Logger;
  caches: DispatchCaches;
  now?: () => Date;
}

const KIND = { apiVersion: 'kubenomad.io/v1alpha1' } as const;

/** The reconciler. Dispatches sharing a token are serialised in this process (Nomad checks the token under its state lock). */
export class DispatchReconciler {
  private readonly tokenLocks = new Map<string, Promise<void>>();

  constructor(private readonly deps: DispatchReconcilerDeps) {}

  /** Reconciles one Dispatch. */
  async reconcile(key: string): Promise<void> {
    const [namespace = '', name = ''] = key.split('/');
    const cached = this.deps.caches.dispatch(namespace, name);
    if (!cached || cached.metadata.deletionTimestamp) return;
    const d: Dispatch = { ...cached, ...KIND, kind: 'Dispatch' };
    if (d.status?.childJob) return this.mirror(d, d.status.childJob);
    const parent = this.deps.caches.job(namespace, d.spec.job);
    const problems = validateDispatch(d.spec, parent && { ...parent, ...KIND, kind: 'NomadJob' });
    if (problems.length > 0 || !parent) {
      if (await this.write(d, refusedStatus(d, problems, this.now()))) {
        await recordEvent(this.deps, target(d), 'Warning', 'InvalidDispatch', problemsMessage(problems));
      }
      return;
    }
    const token = d.spec.idempotencyToken;
    if (!token) return this.launch(d, { ...parent, ...KIND, kind: 'NomadJob' });
    await this.withTokenLock(`${namespace}/${d.spec.job}/${token}`, () => this.launchOnce(d, { ...parent, ...KIND, kind: 'NomadJob' }, token));
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** Nomad's CheckIdempotencyToken: an existing child of the same job with the token is the answer. */
  private async launchOnce(d: Dispatch, parent: NomadJob, token: string): Promise<void> {
    const selector = `${LABEL_IDEMPOTENCY_TOKEN_HASH}=${idempotencyTokenLabelValue(token)},${LABEL_PARENT_JOB}=${parentLabelValue(parent.metadata.name ?? '')}`;
    const candidates = await this.deps.api.listCustomSelected<NomadJob>('nomadjobs', d.metadata.namespace ?? 'default', selector);
    const existing = findExistingChild(candidates.filter((c) => !c.metadata.deletionTimestamp), token);
    const ownChild = existing?.metadata.ownerReferences?.some((o) => o.uid === d.metadata.uid);
    if (!existing || ownChild) return this.launch(d, parent);
    const childName = existing.metadata.name ?? '';
    if (await this.write(d, linkedStatus(d, childName, existing, true, this.now()))) {
      await recordEvent(this.deps, target(d), 'Normal', 'IdempotencyTokenMatched', `Idempotency token matched ${nomadJobId(existing)}; no new job dispatched`);
    }
  }

  /** Creates the child (AlreadyExists: an earlier pass did), records its parent, links it. */
  private async launch(d: Dispatch, parent: NomadJob): Promise<void> {
    const child = buildDispatchChild(parent, d, { dispatchedAt: new Date(d.metadata.creationTimestamp ?? this.now()), hex8: hex8FromUid(d.metadata.uid ?? d.metadata.name ?? '') });
    const namespace = child.metadata.namespace ?? 'default';
    const childName = child.metadata.name ?? '';
    let created = true;
    try {
      await this.deps.api.createCustom('nomadjobs', namespace, { ...child, status: undefined });
    } catch (err) {
      if (toApiError(err).code !== 409) throw err;
      created = false;
    }
    if (created) {
      await this.deps.api.patchStatus('nomadjobs', namespace, childName, { parent: nomadJobId(parent) });
      await recordEvent(this.deps, target(d), 'Normal', 'Dispatched', `Dispatched Job ID = ${child.spec.id} (NomadJob ${childName})`);
    }
    await this.write(d, { ...linkedStatus(d, childName, undefined, false, this.now()), dispatchedJobId: child.spec.id ?? childName });
  }

  /** Mirrors the linked child's outcome. */
  private async mirror(d: Dispatch, childName: string): Promise<void> {
    const child = this.deps.caches.job(d.metadata.namespace ?? 'default', childName);
    const matched = d.status?.conditions?.some((c) => c.reason === 'IdempotencyTokenMatched') ?? false;
    if (!child && d.status?.phase && d.status.phase !== 'pending') return; // deleted child: keep its last outcome
    await this.write(d, linkedStatus(d, childName, child, matched, this.now()));
  }

  /** Patches the status when it changed; returns whether it did. */
  private async write(d: Dispatch, status: DispatchStatus): Promise<boolean> {
    if (canonicalJson(status) === canonicalJson(d.status ?? {})) return false;
    await this.deps.api.patchStatus('dispatches', d.metadata.namespace ?? 'default', d.metadata.name ?? '', status);
    return true;
  }

  private async withTokenLock(key: string, fn: () => Promise<void>): Promise<void> {
    const before = this.tokenLocks.get(key) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const settled = run.catch(() => undefined);
    this.tokenLocks.set(key, settled);
    try {
      await run;
    } finally {
      if (this.tokenLocks.get(key) === settled) this.tokenLocks.delete(key);
    }
  }
}

function target(d: Dispatch): { apiVersion: string; kind: string; namespace: string; name: string; uid?: string } {
  return { apiVersion: 'kubenomad.io/v1alpha1', kind: 'Dispatch', namespace: d.metadata.namespace ?? 'default', name: d.metadata.name ?? '', uid: d.metadata.uid };
}
