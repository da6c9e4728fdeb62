/** Maps the `job` block: legacy job-level tasks, group- and job-level vault, defaults, then validation. */
import type { NomadJobSpec, Task, TaskGroup } from '../../crds/nomadjob-types.js';
import { fail, type Body, type Walk } from '../walk.js';
import { checkJob } from './checks.js';
import { applyDefaults } from './defaults.js';
import { applyCrdDefaults } from './schema-defaults.js';
import { mapBody } from './mapper.js';
import { validateJob } from './validate.js';

/** Copies group- and job-level vault blocks to the tasks without their own (task > group > job), as Nomad does. */
function propagateVault(spec: NomadJobSpec & { vault?: Task['vault'] }): void {
  for (const g of (spec.groups ?? []) as Array<TaskGroup & { vault?: Task['vault'] }>) {
    if (!g.vault) continue;
    for (const t of g.tasks) t.vault ??= g.vault;
    delete g.vault;
  }
  if (!spec.vault) return;
  for (const g of spec.groups ?? []) for (const t of g.tasks) t.vault ??= spec.vault;
  delete spec.vault;
}

/** Translates one evaluated `job "<label>"` body into a NomadJobSpec. */
export function mapJob(label: string, body: Body, w: Walk): NomadJobSpec {
  const out = mapBody('job', body, w, `job "${label}"`);
  const spec = { id: label, ...out } as NomadJobSpec & { tasks?: Task[]; vault?: Task['vault'] };
  if (spec.tasks) {
    fail(w, body, 'task', `task directly inside job "${label}" is a legacy form; it runs in its own group named after the task`, 'warning');
    const legacy: TaskGroup[] = spec.tasks.map((t) => ({ name: t.name, count: 1, tasks: [t] }));
    spec.groups = [...(spec.groups ?? []), ...legacy];
    delete spec.tasks;
  }
  propagateVault(spec);
  applyDefaults(spec);
  applyCrdDefaults(spec);
  if (!w.report.failed) validateJob(spec, label, body, w);
  if (!w.report.failed) checkJob(spec, body, w);
  return spec;
}
