/** What to write so a job's Services match the desired ones (pure): apply the new or changed, delete the extra. */
import type { V1Service } from '@kubernetes/client-node';
import { canonicalJson } from '../nomadjob/hash.js';
import type { ServiceManifest } from './desired.js';

/** The writes of one reconcile. */
export interface ServiceDiff {
  apply: ServiceManifest[];
  delete: string[];
  /** Desired names held by a Service kubenomad does not own for this job. */
  conflicts: string[];
}

/** The fields kubenomad owns on a Service, for comparison. */
function owned(s: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; ownerReferences?: Array<{ uid?: string }> }; spec?: { selector?: Record<string, string>; ports?: Array<{ name?: string; port?: number; targetPort?: unknown; protocol?: string }> } }, keys: ServiceManifest): string {
  const pick = (from: Record<string, string> | undefined, like: Record<string, string>): Record<string, string | undefined> =>
    Object.fromEntries(Object.keys({ ...like, ...from }).filter((k) => k in like || k.includes('kubenomad.io')).map((k) => [k, from?.[k]]));
  return canonicalJson({
    labels: pick(s.metadata?.labels, keys.metadata.labels),
    annotations: pick(s.metadata?.annotations, keys.metadata.annotations),
    owner: s.metadata?.ownerReferences?.map((o) => o.uid),
    selector: s.spec?.selector,
    ports: s.spec?.ports?.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort, protocol: p.protocol ?? 'TCP' })),
  });
}

/** Compares desired Services with the observed ones of the job (`ours`) and all of the namespace's by name. */
export function diffServices(desired: ServiceManifest[], ours: V1Service[], ownerUid: string, taken: ReadonlySet<string>): ServiceDiff {
  const out: ServiceDiff = { apply: [], delete: [], conflicts: [] };
  const observed = new Map(ours.map((s) => [s.metadata?.name ?? '', s]));
  for (const want of desired) {
    const have = observed.get(want.metadata.name);
    const ownedByJob = have?.metadata?.ownerReferences?.some((o) => o.uid === ownerUid) ?? false;
    if (!have && taken.has(want.metadata.name)) out.conflicts.push(want.metadata.name);
    else if (have && !ownedByJob) out.conflicts.push(want.metadata.name);
    else if (!have || owned(have, want) !== owned(want, want)) out.apply.push(want);
  }
  const wanted = new Set(desired.map((d) => d.metadata.name));
  for (const s of ours) {
    const name = s.metadata?.name ?? '';
    if (!wanted.has(name) && s.metadata?.ownerReferences?.some((o) => o.uid === ownerUid)) out.delete.push(name);
  }
  return out;
}
