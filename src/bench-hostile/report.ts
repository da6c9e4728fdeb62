/** The bench's table: one row per case, as Markdown (the README's Benchmarks section shows one run of it). */
import { cpus, loadavg } from 'node:os';
import type { CaseResult } from './run-case.js';

const ms = (n: number | undefined): string => (n === undefined ? 'n/a' : Math.round(n).toLocaleString('en-US'));

/** The Markdown table of the results. */
export function resultTable(results: CaseResult[]): string {
  const rows = results.map((r) => {
    const failures = r.report.failures.length > 0 ? ` (${r.report.failures.length} probe failures)` : '';
    return `| (${r.id}) ${r.title} | ${ms(r.report.maxEventLoopMs)} | ${ms(r.report.maxHealthzMs)} | ${ms(r.report.maxAdmissionMs)} | ${r.report.peakRssMiB.toFixed(0)} | ${r.settledReconcilesPerSecond.toFixed(1)} | ${r.outcome}${failures} |`;
  });
  return [
    '| case | worst event-loop delay (ms) | max /healthz (ms) | max admission review (ms) | operator peak RSS (MiB) | reconciles/s once settled | outcome |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...rows,
  ].join('\n');
}

/** Where and when the run happened, with the machine's 1-minute load average at `load` (other work skews latencies). */
export function machineLine(load = loadavg()[0] ?? 0, now = new Date()): string {
  const cpu = cpus();
  return `${now.toISOString().slice(0, 10)}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, load average ${load.toFixed(1)} at the start`;
}
