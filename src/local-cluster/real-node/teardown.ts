/**
 * Taking a real node down and putting the machine back, from a record written before anything started. The
 * same record lets the next start clean up after a node whose owner died without stopping it (the watchdogs
 * end kubelet, containerd and the rest with their owner; shims, containers, mounts, links and rules remain).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { removeCgroupRoot } from './cgroups.js';
import { hostDifferences, restoreHost, unmountBelow, type HostSnapshot } from './host-state.js';
import { deleteBridge, type PodNetwork } from './network.js';
import { killNodeProcesses } from './processes.js';

/** What is needed to take a node down, whoever started it. */
export interface NodeRecord {
  ownerPid: number;
  dir: string;
  network: PodNetwork;
  cgroupRoot: string;
  containerdSocket: string;
  snapshot: HostSnapshot;
}

/** The one record of the machine's real node (one per machine: it owns the bridge and the pod CIDR). */
export function recordPath(): string {
  return join(process.env.KUBENOMAD_CACHE ?? join(homedir(), '.cache', 'kubenomad'), 'real-node', 'active.json');
}

/** Writes the record. */
export function writeRecord(record: NodeRecord): void {
  mkdirSync(dirname(recordPath()), { recursive: true });
  writeFileSync(recordPath(), JSON.stringify(record));
}

/** Reads the record, if a node is (or was) running. */
export function readRecord(): NodeRecord | undefined {
  return existsSync(recordPath()) ? (JSON.parse(readFileSync(recordPath(), 'utf8')) as NodeRecord) : undefined;
}

/** Whether a PID is a live process. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Removes kubelet's /var/log/containers links into the node's directory (when that directory pre-existed). */
function removeContainerLogLinks(dir: string): void {
  const logs = '/var/log/containers';
  if (!existsSync(logs)) return;
  for (const name of readdirSync(logs)) {
    try {
      if (readlinkSync(join(logs, name)).startsWith(`${dir}/`)) rmSync(join(logs, name));
    } catch {
      // Not a link.
    }
  }
}

async function removeCgroups(root: string): Promise<string[]> {
  let left: string[] = [];
  for (let attempt = 0; attempt < 20; attempt++) {
    left = removeCgroupRoot(root);
    if (left.length === 0) return [];
    await new Promise((r) => setTimeout(r, 250));
  }
  return left.map((l) => `cgroup not removed: ${l}`);
}

/**
 * Ends what the node's processes left (containers, shims), unmounts its directory, deletes its bridge, cgroups,
 * rules and stray directories, and returns every way the machine still differs from the snapshot, plus problems
 * met on the way (a kernel setting found changed is among them even though it was written back).
 */
export async function takeDown(record: NodeRecord): Promise<string[]> {
  const problems = await killNodeProcesses(record.cgroupRoot, record.containerdSocket);
  problems.push(...unmountBelow(record.dir));
  // Image layers and container filesystems are large and worthless once the node is gone; logs stay.
  rmSync(join(record.dir, 'containerd'), { recursive: true, force: true });
  rmSync(join(record.dir, 'kubelet', 'root'), { recursive: true, force: true });
  problems.push(...deleteBridge(record.network));
  problems.push(...(await removeCgroups(record.cgroupRoot)));
  removeContainerLogLinks(record.dir);
  problems.push(...restoreHost(record.snapshot));
  problems.push(...hostDifferences(record.snapshot));
  if (readRecord()?.ownerPid === record.ownerPid) rmSync(recordPath(), { force: true });
  return problems;
}

/** The record of a node whose owner is alive and is not this process, if any (the machine is busy). */
export function liveOtherOwner(): NodeRecord | undefined {
  const r = readRecord();
  return r && r.ownerPid !== process.pid && processAlive(r.ownerPid) ? r : undefined;
}

/**
 * Before a node starts: waits up to `waitMs` while another live owner runs one (then refuses), and cleans up
 * after an owner that died. Returns the problems of that cleanup (empty when there was nothing to clean).
 */
export async function claimMachine(log: (line: string) => void, waitMs = 0): Promise<string[]> {
  const deadline = Date.now() + waitMs;
  let other = liveOtherOwner();
  if (other && waitMs > 0) log(`Waiting up to ${Math.round(waitMs / 1000)} s for the real node of process ${other.ownerPid} to stop`);
  while (other && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 2000));
    other = liveOtherOwner();
  }
  if (other) {
    throw new Error(`A real node is already running on this machine (process ${other.ownerPid}, ${other.dir}); it owns bridge ${other.network.bridge} and ${other.network.podCidr}`);
  }
  const old = readRecord();
  if (!old) return [];
  log(`Cleaning up after a real node whose process ${old.ownerPid} ended without stopping it (${old.dir})`);
  const problems = await takeDown(old);
  rmSync(recordPath(), { force: true });
  return problems;
}
