/** HostVolumeChecker: the node must offer every host volume the group mounts; never cached (Nomad: "available"). */
import type { Checker } from './checker.js';

/** Filters nodes missing a requested host volume (`missing compatible host volumes`). */
export function hostVolumeChecker(volumes: string[] = []): Checker {
  return {
    name: 'host-volumes',
    applies: volumes.length > 0,
    cacheable: false,
    check(entry) {
      const offered = entry.node.hostVolumes ?? [];
      return volumes.every((v) => offered.includes(v)) ? null : 'missing compatible host volumes';
    },
  };
}
