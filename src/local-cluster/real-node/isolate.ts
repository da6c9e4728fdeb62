/**
 * Runs a node component (kubelet, kube-proxy) in its own mount namespace where chosen /proc/sys files are
 * regular files of ours: the component reads and writes them, the machine's kernel settings never change.
 * Mounts under shared mount points (the kubelet's root directory, made shared by the caller) still reach the
 * machine, so containerd sees the volumes kubelet mounts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The program and arguments that run `bin args…` behind the sysctl overlay. */
export interface IsolatedCommand {
  bin: string;
  args: string[];
}

// $1… = <file>=<sysctl path> pairs up to "--", then the command. /proc is made private first so an overmount
// can never propagate to the machine's mount namespace, whatever the machine's propagation is.
const PRELUDE = [
  'set -e',
  'mount --make-rprivate /proc',
  'while [ "$1" != "--" ]; do mount --bind "${1%%=*}" "/proc/sys/${1#*=}"; shift; done',
  'shift',
  'exec "$@"',
].join('\n');

/**
 * Writes one file per sysctl (`values`: /proc/sys path → what the component shall read) under `dir` and returns
 * the command that runs `bin args` with those files mounted over /proc/sys in a new mount namespace.
 */
export function isolatedCommand(dir: string, values: Record<string, string>, bin: string, args: string[]): IsolatedCommand {
  mkdirSync(dir, { recursive: true });
  const pairs = Object.entries(values).map(([name, value]) => {
    const file = join(dir, name.replaceAll('/', '.'));
    writeFileSync(file, `${value}\n`);
    return `${file}=${name}`;
  });
  return { bin: 'unshare', args: ['--mount', '--propagation', 'unchanged', '--', 'sh', '-c', PRELUDE, 'isolate', ...pairs, '--', bin, ...args] };
}
