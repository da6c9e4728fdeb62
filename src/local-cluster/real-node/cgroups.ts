/**
 * The real node's cgroup root (kubelet's `cgroupRoot`): one directory per hierarchy, cgroup v1 (one per
 * controller, as on this project's machines) or v2. Pods live below it, so the processes of every container
 * the node ever ran can be found, and the whole tree removed, by walking it.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CGROUP_FS = '/sys/fs/cgroup';

/** Whether the machine runs the unified (v2) hierarchy only. */
export function cgroupV2(): boolean {
  return existsSync(join(CGROUP_FS, 'cgroup.controllers'));
}

/** The hierarchies that hold the cgroup root: every v1 controller mount, or the v2 root. */
function hierarchies(): string[] {
  if (cgroupV2()) return [CGROUP_FS];
  return readdirSync(CGROUP_FS)
    .map((d) => join(CGROUP_FS, d))
    .filter((d) => !d.endsWith('/unified') && statSync(d).isDirectory() && existsSync(join(d, 'cgroup.procs')));
}

/** Creates `/<name>` in every hierarchy (cpuset copies its parent's CPUs and memory nodes). */
export function createCgroupRoot(name: string): void {
  for (const h of hierarchies()) {
    const dir = join(h, name);
    mkdirSync(dir, { recursive: true });
    for (const file of ['cpuset.cpus', 'cpuset.mems']) {
      const parent = join(h, file);
      if (existsSync(parent) && readFileSync(join(dir, file), 'utf8').trim() === '') writeFileSync(join(dir, file), readFileSync(parent, 'utf8'));
    }
  }
  if (cgroupV2()) {
    const wanted = readFileSync(join(CGROUP_FS, 'cgroup.subtree_control'), 'utf8').trim().split(/\s+/).filter(Boolean);
    if (wanted.length > 0) writeFileSync(join(CGROUP_FS, name, 'cgroup.subtree_control'), wanted.map((c) => `+${c}`).join(' '));
  }
}

function subtree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const children = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(dir, e.name));
  return [dir, ...children.flatMap(subtree)];
}

/** Every process in the cgroup root's tree. */
export function cgroupPids(name: string): number[] {
  const pids = new Set<number>();
  for (const h of hierarchies()) {
    for (const dir of subtree(join(h, name))) {
      for (const line of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n')) if (line.trim()) pids.add(Number(line));
    }
  }
  return [...pids];
}

/** Removes the cgroup root's tree, deepest first; returns the directories that could not be removed. */
export function removeCgroupRoot(name: string): string[] {
  const left: string[] = [];
  for (const h of hierarchies()) {
    for (const dir of subtree(join(h, name)).reverse()) {
      try {
        rmdirSync(dir);
      } catch (err) {
        left.push(`${dir}: ${(err as Error).message}`);
      }
    }
  }
  return left;
}
