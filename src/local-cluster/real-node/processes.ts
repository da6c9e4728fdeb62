/**
 * Processes the real node leaves when it is stopped abruptly: containerd shims (found by the socket address
 * on their command line) and container processes (found in the node's cgroup tree). Each is ended by its PID.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { cgroupPids } from './cgroups.js';

/** PIDs whose command line contains `needle` as one argument. */
export function pidsWithArgument(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(needle)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Sends SIGKILL to each PID and waits up to `timeoutMs` for them to go; returns the ones still alive. */
export async function killPids(pids: number[], timeoutMs = 10_000): Promise<number[]> {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  const deadline = Date.now() + timeoutMs;
  let left = pids.filter(alive);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    left = left.filter(alive);
  }
  return left;
}

/** Ends every container process of the node's cgroup tree, then the shims of its containerd. */
export async function killNodeProcesses(cgroupRoot: string, containerdSocket: string): Promise<string[]> {
  const problems: string[] = [];
  const containers = await killPids(cgroupPids(cgroupRoot));
  if (containers.length > 0) problems.push(`container processes still alive: ${containers.join(', ')}`);
  const shims = await killPids(pidsWithArgument(containerdSocket));
  if (shims.length > 0) problems.push(`containerd shims still alive: ${shims.join(', ')}`);
  return problems;
}
