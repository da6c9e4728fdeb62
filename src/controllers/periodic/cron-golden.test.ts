// Differential test: expectations recorded from hashicorp/cronexpr v1.1.3 (the Go library Nomad uses),
// by running its Next() in a small Go program over random and hand-picked expressions, time zones and
// start instants (testdata/cronexpr-golden.jsonl; each line: expr, tz, from, then up to 6 successive
// Next() results in UTC, "zero" for Go's zero time, or the Go error).
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { CronError, nextLaunch, parseNomadCron } from './cron.js';

interface GoldenCase { expr: string; tz: string; from: string; next?: string[]; error?: string }

const cases: GoldenCase[] = readFileSync(new URL('./testdata/cronexpr-golden.jsonl', import.meta.url), 'utf8')
  .split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as GoldenCase);

function successive(expr: string, tz: string, from: string, n: number): string[] {
  const schedule = parseNomadCron(expr);
  if (schedule instanceof CronError) throw schedule;
  const out: string[] = [];
  let t = new Date(from);
  for (let i = 0; i < n; i++) {
    const next = nextLaunch([schedule], t, tz);
    if (!next) { out.push('zero'); break; }
    out.push(next.toISOString().replace('.000Z', 'Z'));
    t = next;
  }
  return out;
}

describe('agreement with hashicorp/cronexpr', () => {
  // The two comparisons below filter for disagreements: with no recorded cases they would pass on anything.
  it('has recorded cases to compare: rejections, launches, "never again" and DST time zones', () => {
    expect(cases.length).toBeGreaterThanOrEqual(400);
    expect(cases.filter((c) => c.error !== undefined).length).toBeGreaterThanOrEqual(20);
    expect(cases.filter((c) => (c.next?.length ?? 0) > 0).length).toBeGreaterThanOrEqual(300);
    expect(cases.some((c) => c.next?.includes('zero'))).toBe(true);
    expect(cases.map((c) => c.tz)).toEqual(expect.arrayContaining(['Europe/London', 'America/New_York', 'Australia/Lord_Howe']));
  });

  it('rejects exactly the expressions cronexpr rejects', () => {
    const disagreements = cases
      .filter((c) => (c.error !== undefined) !== (parseNomadCron(c.expr) instanceof CronError))
      .map((c) => `${c.expr} (Go: ${c.error ?? 'ok'})`);
    expect(disagreements).toEqual([]);
  });

  it('finds the same successive launch instants, including across DST changes', () => {
    const disagreements = cases
      .filter((c) => c.error === undefined && c.next !== undefined)
      .map((c) => ({ c, got: successive(c.expr, c.tz, c.from, c.next?.length ?? 0) }))
      .filter(({ c, got }) => JSON.stringify(got) !== JSON.stringify(c.next))
      .map(({ c, got }) => `${c.expr} @ ${c.tz} from ${c.from}: go ${JSON.stringify(c.next)} ts ${JSON.stringify(got)}`);
    expect(disagreements).toEqual([]);
  });
});
