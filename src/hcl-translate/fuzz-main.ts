/**
 * `npm run fuzz:hcl -- --runs N [--seed S]`: the long fuzz run of the translator (outside CI; CI runs the short
 * properties of fuzz.test.ts). Splits N runs over mutated jobspecs (70%), random text and binary (25%) and deep
 * nesting (5%), and prints runs, rejections, the slowest input and every input that broke the property.
 */
import * as fc from 'fast-check';
import { check, deepNesting, mutatedJobs, randomText } from './fuzz-cases.js';

interface Tally {
  runs: number;
  rejected: number;
  slowestMs: number;
  broken: Array<{ source: string; problem: string }>;
}

function flag(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  const n = i >= 0 ? Number(argv[i + 1]) : fallback;
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} needs a whole number, got "${argv[i + 1] ?? ''}"`);
  return n;
}

async function run(name: string, arb: fc.Arbitrary<string>, runs: number, seed: number, tally: Tally): Promise<void> {
  const started = Date.now();
  for (const source of fc.sample(arb, { numRuns: runs, seed })) {
    const r = await check(source);
    tally.runs++;
    if (!r.ok) tally.rejected++;
    tally.slowestMs = Math.max(tally.slowestMs, r.ms);
    if (r.problem) tally.broken.push({ source, problem: r.problem });
  }
  process.stdout.write(`${name.padEnd(22)} ${String(runs).padStart(8)} runs in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const runs = flag(argv, '--runs', 10_000);
  const seed = flag(argv, '--seed', 1);
  const tally: Tally = { runs: 0, rejected: 0, slowestMs: 0, broken: [] };
  const started = Date.now();
  await run('mutated jobspecs', mutatedJobs, Math.round(runs * 0.7), seed, tally);
  await run('random text, binary', randomText, Math.round(runs * 0.25), seed + 1, tally);
  await run('deep nesting', deepNesting, runs - Math.round(runs * 0.7) - Math.round(runs * 0.25), seed + 2, tally);
  process.stdout.write(`\n${tally.runs} inputs in ${((Date.now() - started) / 1000).toFixed(0)} s (seed ${seed}): ${tally.rejected} rejected, all positioned unless listed below; slowest ${tally.slowestMs} ms\n`);
  process.stdout.write(`${tally.broken.length} crashes, hangs or unpositioned diagnostics\n`);
  for (const b of tally.broken.slice(0, 20)) process.stdout.write(`- ${b.problem}\n  input: ${JSON.stringify(b.source).slice(0, 400)}\n`);
  process.exitCode = tally.broken.length > 0 ? 1 : 0;
}

await main();
