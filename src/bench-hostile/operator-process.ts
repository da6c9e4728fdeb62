/**
 * The operator as a real child process (`kubenomad operator`), as the hostile-input, fencing and apiserver-restart
 * e2e tests and `npm run bench:hostile` run it: its JSON log lines kept in memory, the ports it reports, and its
 * memory read from /proc. It runs behind a small bash watchdog that kills it when this process goes away, so a
 * crashed test run leaves no operator behind (as src/local-cluster/supervisor.ts does for the control plane).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (bin/kubenomad.js lives there), from dist/bench-hostile or src/bench-hostile alike. */
const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** Log lines kept per process (the oldest are dropped first). */
const MAX_LOG_LINES = 50_000;

// $1 = pid to watch; the rest is the command, which keeps the watchdog's stdout and stderr.
const WATCHDOG = [
  'parent=$1; shift',
  '"$@" & child=$!',
  'while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1 & wait $!; done',
  'kill -KILL $child 2>/dev/null',
  'wait $child',
].join('\n');

/** How to start one operator. */
export interface OperatorProcessOptions {
  /** Replica name: POD_NAME and HOSTNAME (leader identity, events' reportingInstance). */
  name: string;
  kubeconfig: string;
  /** KUBENOMAD_* (and other) variables on top of this process's environment. */
  env?: Record<string, string>;
}

/** A running operator process. */
export interface OperatorProcess {
  readonly name: string;
  /** The watchdog (its exit is the operator's). */
  readonly proc: ChildProcess;
  /** The operator's own pid (not the watchdog's); undefined until it has started. */
  pid(): number | undefined;
  /** Sends a signal to the operator itself (SIGSTOP, SIGCONT, …). */
  signal(signal: NodeJS.Signals): void;
  /** Every log line so far (bounded), stdout and stderr interleaved. */
  readonly log: string[];
  /** Port of /metrics, /healthz, /readyz once logged. */
  metricsPort(): number | undefined;
  /** Port of the admission webhook once logged. */
  webhookPort(): number | undefined;
  /** Whether a log line contains `text`. */
  logged(text: string): boolean;
  /** Exit code once it exited (128 + n when killed by signal n); undefined while running. */
  exit(): { code: number | null } | undefined;
  /** Resolves when the process exits. */
  readonly exited: Promise<void>;
  /** Resident memory now, in MiB (VmRSS); 0 once gone. */
  rssMiB(): number;
  /** Peak resident memory so far, in MiB (VmHWM); 0 once gone. */
  peakRssMiB(): number;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>;
}

function procStatusMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** The pid of the command a watchdog runs (its only child). */
function childPid(watchdogPid: number): number | undefined {
  try {
    const first = readFileSync(`/proc/${watchdogPid}/task/${watchdogPid}/children`, 'utf8').trim().split(/\s+/)[0];
    return first ? Number(first) : undefined;
  } catch {
    return undefined;
  }
}

/** The port of a pino line with message `msg`, if the line is one. */
function portOf(line: string, msg: string): number | undefined {
  if (!line.includes(msg)) return undefined;
  try {
    const parsed = JSON.parse(line) as { msg?: string; port?: number };
    return parsed.msg === msg && typeof parsed.port === 'number' ? parsed.port : undefined;
  } catch {
    return undefined;
  }
}

/** Starts `node bin/kubenomad.js operator --kubeconfig …` (run `npm run build` first). */
export function startOperatorProcess(o: OperatorProcessOptions): OperatorProcess {
  const command = [process.execPath, join(ROOT, 'bin', 'kubenomad.js'), 'operator', '--kubeconfig', o.kubeconfig];
  const proc = spawn('bash', ['-c', WATCHDOG, 'watchdog', String(process.pid), ...command], {
    env: { ...process.env, KUBENOMAD_LOG_LEVEL: 'info', POD_NAME: o.name, HOSTNAME: o.name, ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  const ports: { metrics?: number; webhook?: number } = {};
  let exit: { code: number | null } | undefined;
  const exited = new Promise<void>((done) => proc.once('exit', (code) => {
    exit = { code };
    done();
  }));
  const onLine = (line: string): void => {
    if (!line) return;
    log.push(line);
    if (log.length > MAX_LOG_LINES) log.splice(0, log.length - MAX_LOG_LINES);
    ports.metrics ??= portOf(line, 'serving /metrics, /healthz, /readyz');
    ports.webhook ??= portOf(line, 'serving admission webhooks');
  };
  for (const stream of [proc.stdout, proc.stderr]) {
    let rest = '';
    stream?.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      lines.forEach(onLine);
    });
  }
  let pid: number | undefined;
  const operatorPid = (): number | undefined => (pid ??= exit ? undefined : childPid(proc.pid ?? -1));
  return {
    name: o.name, proc, log, exited,
    pid: operatorPid,
    signal(signal) {
      const p = operatorPid();
      if (p === undefined) throw new Error(`The operator ${o.name} is not running`);
      process.kill(p, signal);
    },
    metricsPort: () => ports.metrics,
    webhookPort: () => ports.webhook,
    logged: (text) => log.some((l) => l.includes(text)),
    exit: () => exit,
    rssMiB: () => procStatusMiB(operatorPid() ?? -1, 'VmRSS'),
    peakRssMiB: () => procStatusMiB(operatorPid() ?? -1, 'VmHWM'),
    async kill() {
      if (exit) return;
      const p = operatorPid();
      try {
        if (p !== undefined) process.kill(p, 'SIGKILL');
      } catch {
        // Already gone.
      }
      proc.kill('SIGKILL');
      await exited;
    },
  };
}
