/** DeviceChecker: the node must offer every requested device type (count is checked when fitting). */
import { deviceKeys } from '../resources.js';
import type { DeviceAsk } from '../types.js';
import type { Checker } from './checker.js';

/** Filters nodes without a matching device resource (`missing devices`). */
export function deviceChecker(devices: DeviceAsk[] = []): Checker {
  return {
    name: 'devices',
    applies: devices.length > 0,
    cacheable: true,
    check(entry) {
      const node = entry.node;
      const ok = devices.every((d) => deviceKeys(node, d.name).some((k) => (node.allocatable.extended[k] ?? 0) > 0));
      return ok ? null : 'missing devices';
    },
  };
}
