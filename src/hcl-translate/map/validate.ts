/** Job-level checks Nomad makes at registration (`Job.Validate`), reported at the job block. */
import type { NomadJobSpec, TaskGroup } from '../../crds/nomadjob-types.js';
import { fail, type Body, type Walk } from '../walk.js';

function duplicates(names: string[]): string[] {
  return names.filter((n, i) => names.indexOf(n) !== i);
}

function validateGroup(g: TaskGroup, spec: NomadJobSpec, body: Body, w: Walk): void {
  const where = `group "${g.name}"`;
  if (!g.tasks || g.tasks.length === 0) fail(w, body, 'group', `${where} has no tasks`);
  for (const d of duplicates((g.tasks ?? []).map((t) => t.name))) fail(w, body, 'group', `${where} defines task "${d}" more than once`);
  if (spec.type === 'system' && (g.count ?? 1) > 1) fail(w, body, 'group', `${where}: system jobs run one allocation per node, count must be 0 or 1`);
  if ((g.count ?? 0) < 0) fail(w, body, 'group', `${where}: count must not be negative`);
  const ports = (g.networks ?? []).flatMap((n) => n.ports ?? []).map((p) => p.label);
  for (const d of duplicates(ports)) fail(w, body, 'group', `${where} defines port "${d}" more than once`);
  for (const t of g.tasks ?? []) {
    const r = t.resources;
    if (r?.memoryMax !== undefined && r.memoryMax > 0 && r.memory !== undefined && r.memoryMax < r.memory) {
      fail(w, body, 'group', `task "${t.name}": memory_max (${r.memoryMax}) must be at least memory (${r.memory})`);
    }
    if (r?.cpu !== undefined && r.cores !== undefined) fail(w, body, 'group', `task "${t.name}": cpu and cores are mutually exclusive`);
  }
}

/** Reports errors for a translated job that Nomad would reject at registration. */
export function validateJob(spec: NomadJobSpec, label: string, body: Body, w: Walk): void {
  const where = `job "${label}"`;
  if (!spec.groups || spec.groups.length === 0) fail(w, body, undefined, `${where} has no group (a job needs at least one group with a task)`);
  for (const d of duplicates((spec.groups ?? []).map((g) => g.name))) fail(w, body, 'group', `${where} defines group "${d}" more than once`);
  const batchy = spec.type === 'batch' || spec.type === 'sysbatch';
  if (spec.periodic && !batchy) fail(w, body, 'periodic', `${where}: only batch and sysbatch jobs can be periodic`);
  if (spec.parameterized && !batchy) fail(w, body, 'parameterized', `${where}: only batch and sysbatch jobs can be parameterized`);
  if (spec.priority !== undefined && (spec.priority < 1 || spec.priority > 100)) fail(w, body, 'priority', `${where}: priority must be between 1 and 100, got ${spec.priority}`);
  if (spec.periodic && spec.periodic.cron === undefined && !spec.periodic.crons?.length) fail(w, body, 'periodic', `${where}: periodic needs cron or crons`);
  const p = spec.parameterized;
  const both = (p?.metaRequired ?? []).filter((k) => (p?.metaOptional ?? []).includes(k));
  if (both.length > 0) fail(w, body, 'parameterized', `${where}: meta keys ${both.join(', ')} are both required and optional`);
  for (const g of spec.groups ?? []) validateGroup(g, spec, body, w);
}
