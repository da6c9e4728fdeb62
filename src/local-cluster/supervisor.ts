/**
 * Runs a control-plane binary in its own process group behind a tiny bash watchdog that kills it
 * when the Node process that started it goes away, so a crashed test run leaves no stray processes.
 */
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';

/** A running binary of the local control plane. */
export interface ManagedProcess {
  name: string;
  pid: number;
  logFile: string;
  /** Resolves with the exit code (or null when killed by a signal). */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after the grace period; resolves when the process group is gone. */
  stop(graceMs?: number): Promise<void>;
  isRunning(): boolean;
}

// $1 = pid to watch; the rest is the command. The child dies with the watcher or when the watched pid disappears.
const WATCHDOG = [
  'parent=$1; shift',
  '"$@" & child=$!',
  "trap 'kill -TERM $child 2>/dev/null; wait $child; exit $?' TERM INT",
  'while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1 & wait $!; done',
  'kill -TERM $child 2>/dev/null',
  'for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 $child 2>/dev/null || break; sleep 1; done',
  'kill -KILL $child 2>/dev/null',
  'wait $child',
].join('\n');

/** Starts `bin args…` with output appended to `logFile`. */
export function startProcess(name: string, bin: string, args: string[], logFile: string, env?: NodeJS.ProcessEnv): ManagedProcess {
  const fd = openSync(logFile, 'a');
  const child = spawn('bash', ['-c', WATCHDOG, 'watchdog', String(process.pid), bin, ...args], {
    detached: true,
    stdio: ['ignore', fd, fd],
    env: env ?? process.env,
  });
  closeSync(fd);
  child.unref();
  let running = true;
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      running = false;
      resolve(code);
    });
  });
  const pid = child.pid ?? -1;
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  };
  return {
    name,
    pid,
    logFile,
    exited,
    isRunning: () => running,
    async stop(graceMs = 10_000): Promise<void> {
      if (!running) return;
      child.ref(); // keep the event loop alive until the exit is seen
      signalGroup('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
      if ((await Promise.race([exited, timeout])) === 'timeout') signalGroup('SIGKILL');
      clearTimeout(timer);
      await exited;
      signalGroup('SIGKILL');
    },
  };
}
