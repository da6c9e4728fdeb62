/**
 * Names of periodic children. Nomad's ID is `<parent>/periodic-<unix seconds of the launch>`; the
 * Kubernetes object name is `<parent>-periodic-<unix>`, shortened deterministically (with a hash of
 * the full name) so that it stays a DNS-1123 subdomain of at most 63 characters, usable as a label value.
 */
import { createHash } from 'node:crypto';

/** Label on every child: the parent NomadJob's name (shortened to a label value). */
export const LABEL_PARENT_JOB = 'kubenomad.io/parent-job';
/** Label on periodic children: the launch time in unix seconds. */
export const LABEL_PERIODIC_LAUNCH_TIME = 'kubenomad.io/periodic-launch-time';
/** Annotation on periodic children: why it was launched ("tick", "catch-up" or "forced"). */
export const ANNOTATION_PERIODIC_LAUNCH_REASON = 'kubenomad.io/periodic-launch-reason';
/** Annotation on every child: the parent's Nomad job ID (labels cannot hold "/"). */
export const ANNOTATION_PARENT_ID = 'kubenomad.io/parent-id';
/** Nomad's `structs.PeriodicLaunchSuffix`. */
export const PERIODIC_LAUNCH_SUFFIX = '/periodic-';
/** Longest child object name we produce: a DNS label, so the name can also be a label value. */
export const MAX_CHILD_NAME_LENGTH = 63;

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Whether `name` is a valid Kubernetes DNS-1123 subdomain (object name) of at most 253 characters. */
export function isDns1123Subdomain(name: string): boolean {
  return name.length <= 253 && SUBDOMAIN.test(name);
}

/** Unix seconds of an instant (Go's `t.Unix()`). */
export function unixSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}

/** First 8 hex digits of the SHA-256 of `text`: a short, stable fingerprint. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/** Lower-cases and replaces what a DNS-1123 subdomain cannot contain; may return "". */
export function sanitizeName(text: string): string {
  return text.toLowerCase()
    .replace(/[^a-z0-9.-]/g, '-')
    .replace(/[-.]*\.[-.]*/g, '.')
    .replace(/-+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}

/**
 * `text` itself when it is already a valid name of at most `max` characters; otherwise its sanitized
 * head followed by `-<8 hex of its hash>`, at most `max` (>= 8) characters. Deterministic.
 */
export function fitName(text: string, max: number): string {
  if (text.length <= max && SUBDOMAIN.test(text)) return text;
  const hash = shortHash(text);
  const head = sanitizeName(text).slice(0, Math.max(0, max - hash.length - 1)).replace(/[-.]+$/, '');
  return head === '' ? hash : `${head}-${hash}`;
}

/** A parent name as a label value (at most 63 characters, shortened with a hash when longer). */
export function parentLabelValue(parentName: string): string {
  return fitName(parentName, MAX_CHILD_NAME_LENGTH);
}

/** Nomad ID of the child launched at `launch`: `<parentId>/periodic-<unix>`. */
export function periodicChildId(parentId: string, launch: Date): string {
  return `${parentId}${PERIODIC_LAUNCH_SUFFIX}${unixSeconds(launch)}`;
}

/** Kubernetes name of the child launched at `launch`: `<parent>-periodic-<unix>`, at most 63 characters. */
export function periodicChildName(parentName: string, launch: Date): string {
  const tail = `-periodic-${unixSeconds(launch)}`;
  return fitName(parentName, MAX_CHILD_NAME_LENGTH - tail.length) + tail;
}

/** Launch time encoded in a periodic child's Nomad ID (Nomad's `PeriodicDispatch.LaunchTime`), if any. */
export function launchTimeFromChildId(childId: string): Date | undefined {
  const at = childId.lastIndexOf(PERIODIC_LAUNCH_SUFFIX);
  if (at < 0) return undefined;
  const digits = childId.slice(at + PERIODIC_LAUNCH_SUFFIX.length);
  return /^-?\d+$/.test(digits) ? new Date(Number(digits) * 1000) : undefined;
}
