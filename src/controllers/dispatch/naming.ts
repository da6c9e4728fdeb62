/**
 * Names of dispatched children. Nomad's ID (`structs.DispatchedID`) is
 * `<parent>/dispatch-<unix>-<8 hex>`, or `<parent>/dispatch-<id prefix template>-<unix>-<8 hex>`; the
 * Kubernetes name is the same with "-" for "/", shortened deterministically to at most 63 characters.
 * The 8 hex digits are injected (from the Dispatch's uid or random bytes) so these functions are pure.
 */
import { fitName, MAX_CHILD_NAME_LENGTH, sanitizeName, shortHash, unixSeconds } from '../periodic/naming.js';

/** Label on dispatched children: the Dispatch object's name (shortened to a label value). */
export const LABEL_DISPATCH = 'kubenomad.io/dispatch';
/** Label on dispatched children: short hash of the idempotency token, to list candidates server-side. */
export const LABEL_IDEMPOTENCY_TOKEN_HASH = 'kubenomad.io/idempotency-token-hash';
/** Annotation on dispatched children: the idempotency token itself (compared exactly). */
export const ANNOTATION_IDEMPOTENCY_TOKEN = 'kubenomad.io/idempotency-token';
/** Nomad's `structs.DispatchLaunchSuffix`. */
export const DISPATCH_LAUNCH_SUFFIX = '/dispatch-';
/** Longest part of the name kept from an id prefix template (the rest is replaced by a hash). */
const MAX_TEMPLATE_PART = 20;

/** Eight lowercase hex digits, like the first 8 characters of the UUID Nomad generates. */
export type Hex8 = string & { readonly __hex8: unique symbol };

/** Validates a caller-provided 8-hex-digit suffix. */
export function asHex8(text: string): Hex8 | undefined {
  return /^[0-9a-f]{8}$/.test(text) ? (text as Hex8) : undefined;
}

/** The 8 hex digits derived from a Dispatch's uid: stable, so every replica derives the same child. */
export function hex8FromUid(uid: string): Hex8 {
  return shortHash(uid) as Hex8;
}

/** The 8 hex digits from the first 4 of some random bytes (the caller owns the randomness). */
export function hex8FromBytes(bytes: Uint8Array): Hex8 {
  if (bytes.length < 4) throw new RangeError('hex8FromBytes needs at least 4 bytes');
  return Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('') as Hex8;
}

/** Nomad's `structs.DispatchedID(parentId, idPrefixTemplate, at)` with the given 8 hex digits. */
export function dispatchedId(parentId: string, idPrefixTemplate: string | undefined, at: Date, hex8: Hex8): string {
  const prefix = idPrefixTemplate ? `${idPrefixTemplate}-` : '';
  return `${parentId}${DISPATCH_LAUNCH_SUFFIX}${prefix}${unixSeconds(at)}-${hex8}`;
}

/** Kubernetes name of the dispatched child: `<parent>-dispatch-[<template>-]<unix>-<hex8>`, at most 63 characters. */
export function dispatchChildName(parentName: string, idPrefixTemplate: string | undefined, at: Date, hex8: Hex8): string {
  const template = idPrefixTemplate ? templatePart(idPrefixTemplate) : '';
  const tail = `-dispatch-${template}${unixSeconds(at)}-${hex8}`;
  return fitName(parentName, MAX_CHILD_NAME_LENGTH - tail.length) + tail;
}

function templatePart(template: string): string {
  const clean = sanitizeName(template).replace(/\./g, '-');
  return `${fitName(clean === '' ? template : clean, MAX_TEMPLATE_PART).replace(/\./g, '-')}-`;
}

/** Label value of a Dispatch's name (shortened with a hash when longer than 63). */
export function dispatchLabelValue(dispatchName: string): string {
  return fitName(dispatchName, MAX_CHILD_NAME_LENGTH);
}

/** Label value for an idempotency token (tokens are free text; the exact token is in an annotation). */
export function idempotencyTokenLabelValue(token: string): string {
  return shortHash(token);
}
