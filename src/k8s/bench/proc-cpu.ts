/** CPU time of local processes from /proc (Linux): the bench's view of what the apiserver and etcd spend. */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** `comm` and parent pid of a process, from /proc/<pid>/stat (undefined when it is gone). */
function stat(pid: number): { comm: string; ppid: number; fields: string[] } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const fields = text.slice(close + 2).split(' '); // fields[0] is field 3 (state)
    return { comm: text.slice(text.indexOf('(') + 1, close), ppid: Number(fields[1]), fields };
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds a process has used so far. */
export function cpuSeconds(pid: number): number {
  const s = stat(pid);
  if (!s) throw new Error(`Process ${pid} is gone`);
  // utime and stime are fields 14 and 15 of /proc/<pid>/stat (fields[11], fields[12] here).
  return (Number(s.fields[11]) + Number(s.fields[12])) / TICKS_PER_SECOND;
}

/** The pid of the child of `parent` whose command name starts with `comm` (the binary under a watchdog shell). */
export function childPid(parent: number, comm: string): number {
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const s = stat(pid);
    if (s && s.ppid === parent && comm.startsWith(s.comm)) return pid;
  }
  throw new Error(`No child ${comm} of process ${parent}`);
}
