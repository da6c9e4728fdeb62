/**
 * `npm run bench:cli`: wall time of CLI start-up, as a user sees it: `kubenomad --help`, `kubenomad convert` of a
 * small job (YAML and JSON) and of a larger one, each run as a fresh process N times (default 15, `--runs N`).
 * Prints min / median / p90 in ms and the load average, since a busy machine shifts every figure.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = `${ROOT}bin/kubenomad.js`;

const CASES: Array<{ name: string; args: string[] }> = [
  { name: 'kubenomad --help', args: ['--help'] },
  { name: 'kubenomad convert ping.nomad', args: ['convert', `${ROOT}test/fixtures/hcl/ping.nomad`] },
  { name: 'kubenomad convert -o json ping.nomad', args: ['convert', '-o', 'json', `${ROOT}test/fixtures/hcl/ping.nomad`] },
  { name: 'kubenomad convert nomad-example.nomad', args: ['convert', `${ROOT}test/fixtures/hcl/nomad-example.nomad`] },
];

function runsFlag(argv: string[]): number {
  const i = argv.indexOf('--runs');
  const n = i >= 0 ? Number(argv[i + 1]) : 15;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--runs needs a positive integer, got "${argv[i + 1] ?? ''}"`);
  return n;
}

function timeOnce(args: string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited with ${r.status}: ${r.stderr.toString().slice(0, 500)}`);
  return ms;
}

const pick = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

function main(): void {
  const runs = runsFlag(process.argv.slice(2));
  const before = loadavg()[0] ?? 0;
  process.stdout.write(`CLI start-up, ${runs} fresh processes each (node ${process.version})\n`);
  process.stdout.write(`${'command'.padEnd(40)} ${'min'.padStart(6)} ${'median'.padStart(7)} ${'p90'.padStart(6)}  (ms, wall)\n`);
  for (const c of CASES) {
    timeOnce(c.args); // warm the file cache
    const times = Array.from({ length: runs }, () => timeOnce(c.args)).sort((a, b) => a - b);
    const cells = [pick(times, 0), pick(times, 0.5), pick(times, 0.9)].map((t) => t.toFixed(0));
    process.stdout.write(`${c.name.padEnd(40)} ${cells[0]?.padStart(6)} ${cells[1]?.padStart(7)} ${cells[2]?.padStart(6)}\n`);
  }
  process.stdout.write(`load average (1 min): ${before.toFixed(2)} before, ${(loadavg()[0] ?? 0).toFixed(2)} after, on ${availableParallelism()} CPUs\n`);
}

main();
