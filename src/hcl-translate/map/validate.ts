/** Job-level checks Nomad makes at registration (`Job.Validate`), each reported at the block or attribute it is about. */
import type { NomadJobSpec, Task, TaskGroup } from '../../crds/nomadjob-types.js';
import { fail, type Body, type Walk } from '../walk.js';
import { bodiesOf } from './mapper.js';

/** The bodies of the labelled blocks `key` of `body`, in source order, with a flag on each repeat of an earlier label. */
function labelledBodies(w: Walk, body: Body, key: string): Array<{ label: string; body: Body; repeat: boolean }> {
  const seen = new Set<string>();
  return (bodiesOf(w, body[key], true) ?? []).map(([label = '', b]) => {
    const repeat = seen.has(label);
    seen.add(label);
    return { label, body: b, repeat };
  });
}

function validateTask(t: Task, body: Body, w: Walk): void {
  const r = t.resources;
  if (r?.memoryMax !== undefined && r.memoryMax > 0 && r.memory !== undefined && r.memoryMax < r.memory) {
    fail(w, body, 'resources', `task "${t.name}": memory_max (${r.memoryMax}) must be at least memory (${r.memory})`);
  }
  if (r?.cpu !== undefined && r.cores !== undefined) fail(w, body, 'resources', `task "${t.name}": cpu and cores are mutually exclusive`);
}

function validateGroup(g: TaskGroup, spec: NomadJobSpec, body: Body, w: Walk): void {
  const where = `group "${g.name}"`;
  if (!g.tasks || g.tasks.length === 0) fail(w, body, undefined, `${where} has no tasks`);
  const tasks = labelledBodies(w, body, 'task');
  for (const t of tasks.filter((x) => x.repeat)) fail(w, t.body, undefined, `${where} defines task "${t.label}" more than once`);
  if (spec.type === 'system' && (g.count ?? 1) > 1) fail(w, body, 'count', `${where}: system jobs run one allocation per node, count must be 0 or 1`);
  if ((g.count ?? 0) < 0) fail(w, body, 'count', `${where}: count must not be negative`);
  const ports = (g.networks ?? []).flatMap((n) => n.ports ?? []).map((p) => p.label);
  const repeated = ports.filter((n, i) => ports.indexOf(n) !== i);
  for (const d of repeated) fail(w, body, 'network', `${where} defines port "${d}" more than once`);
  (g.tasks ?? []).forEach((t, i) => validateTask(t, tasks[i]?.body ?? body, w));
}

/** Reports errors for a translated job that Nomad would reject at registration. */
export function validateJob(spec: NomadJobSpec, label: string, body: Body, w: Walk): void {
  const where = `job "${label}"`;
  if (!spec.groups || spec.groups.length === 0) fail(w, body, undefined, `${where} has no group (a job needs at least one group with a task)`);
  const groups = labelledBodies(w, body, 'group');
  for (const g of groups.filter((x) => x.repeat)) fail(w, g.body, undefined, `${where} defines group "${g.label}" more than once`);
  const batchy = spec.type === 'batch' || spec.type === 'sysbatch';
  if (spec.periodic && !batchy) fail(w, body, 'periodic', `${where}: only batch and sysbatch jobs can be periodic`);
  if (spec.parameterized && !batchy) fail(w, body, 'parameterized', `${where}: only batch and sysbatch jobs can be parameterized`);
  if (spec.priority !== undefined && (spec.priority < 1 || spec.priority > 100)) fail(w, body, 'priority', `${where}: priority must be between 1 and 100, got ${spec.priority}`);
  if (spec.periodic && spec.periodic.cron === undefined && !spec.periodic.crons?.length) fail(w, body, 'periodic', `${where}: periodic needs cron or crons`);
  const p = spec.parameterized;
  const both = (p?.metaRequired ?? []).filter((k) => (p?.metaOptional ?? []).includes(k));
  if (both.length > 0) fail(w, body, 'parameterized', `${where}: meta keys ${both.join(', ')} are both required and optional`);
  (spec.groups ?? []).forEach((g, i) => validateGroup(g, spec, groups[i]?.body ?? body, w));
}
