/** Running host commands for the real node: synchronous, with the command and its stderr in the error. */
import { execFileSync, spawnSync } from 'node:child_process';

/** A finished command. */
export interface CommandResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a command and returns its result, whatever the exit status. */
export function tryRun(cmd: string, args: string[], input?: string, env?: NodeJS.ProcessEnv): CommandResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input, env: env ?? process.env, maxBuffer: 64 << 20, timeout: 300_000 });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? (r.error ? String(r.error) : '') };
}

/** Runs a command and returns its stdout; throws with the command line and stderr when it fails. */
export function run(cmd: string, args: string[], input?: string): string {
  const r = tryRun(cmd, args, input);
  if (r.status !== 0) throw new Error(`Command failed (${r.status}): ${cmd} ${args.join(' ')}: ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout;
}

/** The absolute path of a program on PATH (sbin included), or undefined. */
export function which(program: string): string | undefined {
  const path = `${process.env.PATH ?? ''}:/usr/local/sbin:/usr/sbin:/sbin`;
  try {
    return execFileSync('sh', ['-c', 'command -v "$1"', 'which', program], { encoding: 'utf8', env: { ...process.env, PATH: path } }).trim() || undefined;
  } catch {
    return undefined;
  }
}
