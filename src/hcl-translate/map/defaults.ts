/**
 * Defaults Nomad applies at registration that kubenomad materialises in the translated spec.
 * Materialised: job type "service", priority 50, region "global", namespace "default", datacenters ["*"],
 * group count 1, task resources cpu 100 MHz / memory 300 MB. Not materialised (the operator applies them by job
 * type at run time, so the spec stays what the user wrote): restart, reschedule, update, migrate, ephemeral_disk.
 */
import type { NomadJobSpec } from '../../crds/nomadjob-types.js';

/** Fills in the materialised defaults in place, keeping a stable key order for golden files. */
export function applyDefaults(spec: NomadJobSpec): void {
  spec.type ??= 'service';
  spec.priority ??= 50;
  spec.region ??= 'global';
  spec.namespace ??= 'default';
  spec.datacenters ??= ['*'];
  for (const g of spec.groups ?? []) {
    g.count ??= 1;
    for (const t of g.tasks ?? []) {
      t.resources = { ...t.resources, cpu: t.resources?.cpu ?? (t.resources?.cores ? undefined : 100), memory: t.resources?.memory ?? 300 };
      if (t.resources.cpu === undefined) delete t.resources.cpu;
    }
  }
}
