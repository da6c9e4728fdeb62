/** DriverChecker: every task driver must be detected on the node (`driver.<name>` attribute). */
import type { Checker } from './checker.js';

/** Drivers every Kubernetes node is assumed to run when it advertises none. */
export const DEFAULT_DRIVERS = ['docker', 'exec', 'raw_exec'];

function truthy(value: string): boolean {
  return value === '1' || value.toLowerCase() === 'true';
}

/** Whether a node with these attributes runs `driver`. */
export function hasDriver(attributes: Record<string, string>, driver: string): boolean {
  const value = attributes[`driver.${driver}`];
  if (value !== undefined) return truthy(value);
  const advertisesAny = Object.keys(attributes).some((k) => k.startsWith('driver.'));
  return !advertisesAny && DEFAULT_DRIVERS.includes(driver);
}

/** Filters nodes missing any of the group's drivers (`missing drivers`). */
export function driverChecker(drivers: string[] = []): Checker {
  return {
    name: 'drivers',
    applies: drivers.length > 0,
    cacheable: true,
    check(entry) {
      const attrs = entry.node.fingerprint.attributes;
      return drivers.every((d) => hasDriver(attrs, d)) ? null : 'missing drivers';
    },
  };
}
