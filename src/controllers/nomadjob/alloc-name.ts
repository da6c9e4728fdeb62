/**
 * Allocation identity: pod names, Nomad alloc names, NOMAD_ALLOC_ID, and the label values that carry them.
 * Everything is derived from (job, group, index or node, version, generation), so planning is deterministic.
 */
import { shortHash, sha256Hex } from './hash.js';

export * from './labels.js';

/** An allocation slot: a group index (service, batch) or a node (system, sysbatch). */
export interface AllocSlot {
  group: string;
  index: number;
  /** System and sysbatch: the node the allocation is for. */
  node?: string;
}

/** A slot at one version and one (re)creation generation: one pod. */
export interface AllocIdentity extends AllocSlot {
  version: string;
  generation: number;
}

/** Maximum length of a pod name kubenomad creates (a DNS-1123 label, so the pod hostname is the name). */
export const MAX_POD_NAME = 63;

/** Nomad's alloc name `<job>.<group>[<index>]`. */
export function allocName(jobId: string, group: string, index: number): string {
  return `${jobId}.${group}[${index}]`;
}

/** The key of a slot in `JobPlan.generations`: `group[index]` or `group@node`. */
export function slotKey(slot: AllocSlot): string {
  return slot.node === undefined ? `${slot.group}[${slot.index}]` : `${slot.group}@${slot.node}`;
}

/** Lowercases and replaces anything outside `[a-z0-9-]` with `-`, trimming dashes at both ends. */
export function dnsLabelPart(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
}

/** The part of a pod name that tells slots apart: the index, or a short hash of the node name. */
function slotPart(slot: AllocSlot): string {
  return slot.node === undefined ? String(slot.index) : `n${shortHash(slot.node, 8)}`;
}

/**
 * The pod name `<job>-<group>-<index>-<version>` (`-<generation>` appended from generation 1 on, so a replacement
 * can coexist with the allocation it replaces; system slots use `n<hash of node>` instead of the index).
 * When longer than 63 characters, `<job>-<group>` is cut and suffixed with a hash of its full form.
 */
export function podName(jobName: string, identity: AllocIdentity): string {
  const prefix = `${dnsLabelPart(jobName)}-${dnsLabelPart(identity.group)}`.replace(/^-+/, '');
  const generation = identity.generation > 0 ? `-${identity.generation}` : '';
  const suffix = `-${slotPart(identity)}-${identity.version}${generation}`;
  if (prefix.length + suffix.length <= MAX_POD_NAME) return prefix + suffix;
  const hashPart = `-${shortHash(prefix, 6)}`;
  const room = MAX_POD_NAME - suffix.length - hashPart.length;
  return prefix.slice(0, room).replace(/-+$/, '') + hashPart + suffix;
}

/** A deterministic UUID-shaped NOMAD_ALLOC_ID (a new generation or version gives a new id). */
export function allocId(jobUid: string, identity: AllocIdentity): string {
  const slot = identity.node === undefined ? String(identity.index) : `node:${identity.node}`;
  const hex = sha256Hex([jobUid, identity.group, slot, identity.version, identity.generation].join('\u0000'));
  // Version nibble 8 ("custom") and RFC 4122 variant bits keep it a well-formed UUID.
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A valid label value for `text`: itself when valid, else a cut of it suffixed with a hash of the whole. */
export function labelValue(text: string): string {
  if (text.length <= 63 && /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(text)) return text;
  const cleaned = text.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 52);
  return `${cleaned.replace(/[^A-Za-z0-9]+$/, '')}-${shortHash(text, 10)}`.replace(/^-/, '');
}
