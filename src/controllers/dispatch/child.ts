/**
 * The NomadJob a Dispatch creates (Nomad's `Job.Dispatch`): a copy of the parameterized job without
 * `parameterized`, with the dispatched ID, job meta merged under the dispatch meta, and the payload.
 *
 * Ownership: the child's controller owner is the Dispatch, so deleting a Dispatch deletes its job
 * (like `nomad job stop -purge` of the child); the parent is recorded in labels/annotations and
 * status.parent, not as an owner (two owners would keep the child until both are gone).
 */
import type { Dispatch } from '../../crds/dispatch-types.js';
import type { NomadJob } from '../../crds/nomadjob-types.js';
import { controllerRef, nomadJobId } from '../periodic/child.js';
import { ANNOTATION_PARENT_ID, LABEL_PARENT_JOB, parentLabelValue } from '../periodic/naming.js';
import {
  ANNOTATION_IDEMPOTENCY_TOKEN, dispatchChildName, dispatchedId, dispatchLabelValue, idempotencyTokenLabelValue,
  LABEL_DISPATCH, LABEL_IDEMPOTENCY_TOKEN_HASH, type Hex8,
} from './naming.js';

/** Annotation listing the parent's `meta_optional` keys (comma-separated): unset ones become empty NOMAD_META_ variables. */
export const ANNOTATION_META_OPTIONAL = 'kubenomad.io/meta-optional';
/** Label marking a dispatched child (Nomad's `Job.Dispatched`). */
export const LABEL_DISPATCHED = 'kubenomad.io/dispatched';

/** What the caller supplies besides the two objects: the dispatch time and the 8 hex digits. */
export interface DispatchChildOptions {
  /** Dispatch time: use the Dispatch's creationTimestamp so every replica derives the same child. */
  dispatchedAt: Date;
  /** See hex8FromUid / hex8FromBytes. */
  hex8: Hex8;
}

/** Builds the child NomadJob of a validated Dispatch. */
export function buildDispatchChild(parent: NomadJob, dispatch: Dispatch, options: DispatchChildOptions): NomadJob {
  const { parameterized, hcl: _hcl, hclVariables: _vars, ...spec } = structuredClone(parent.spec);
  const parentId = nomadJobId(parent);
  const { idPrefixTemplate, idempotencyToken, meta, payload } = dispatch.spec;
  const id = dispatchedId(parentId, idPrefixTemplate, options.dispatchedAt, options.hex8);
  const labels: Record<string, string> = {
    [LABEL_PARENT_JOB]: parentLabelValue(parent.metadata.name ?? ''),
    [LABEL_DISPATCH]: dispatchLabelValue(dispatch.metadata.name ?? ''),
    [LABEL_DISPATCHED]: 'true',
  };
  const annotations: Record<string, string> = { [ANNOTATION_PARENT_ID]: parentId };
  if (idempotencyToken) {
    labels[LABEL_IDEMPOTENCY_TOKEN_HASH] = idempotencyTokenLabelValue(idempotencyToken);
    annotations[ANNOTATION_IDEMPOTENCY_TOKEN] = idempotencyToken;
  }
  if (parameterized?.metaOptional?.length) annotations[ANNOTATION_META_OPTIONAL] = parameterized.metaOptional.join(',');
  const mergedMeta = { ...(spec.meta ?? {}), ...(meta ?? {}) };
  return {
    apiVersion: 'kubenomad.io/v1alpha1',
    kind: 'NomadJob',
    metadata: {
      name: dispatchChildName(parent.metadata.name ?? '', idPrefixTemplate, options.dispatchedAt, options.hex8),
      namespace: dispatch.metadata.namespace ?? parent.metadata.namespace,
      labels,
      annotations,
      ownerReferences: controllerRef(dispatch),
    },
    spec: {
      ...spec,
      id,
      name: id,
      ...(Object.keys(mergedMeta).length > 0 ? { meta: mergedMeta } : {}),
      ...(payload ? { payload } : {}),
    },
    status: { parent: parentId },
  };
}

/** The child already created for `token` (Nomad's CheckIdempotencyToken), if any; no token never matches. */
export function findExistingChild<T extends { metadata: { annotations?: Record<string, string> } }>(
  children: readonly T[], token: string | undefined,
): T | undefined {
  if (!token) return undefined;
  return children.find((c) => c.metadata.annotations?.[ANNOTATION_IDEMPOTENCY_TOKEN] === token);
}
