// Golden tests: every test/fixtures/hcl/<name>.nomad translates to the reviewed <name>.yaml,
// errors/<name>.nomad to errors/<name>.txt. A missing or differing golden file fails; only
// UPDATE_GOLDEN=1 rewrites them (then review the diff).
import { describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { expectGolden } from '../../test/support/golden.js';
import { formatDiagnostic, translateJobspec } from './index.js';

const DIR = path.resolve(process.cwd(), 'test/fixtures/hcl');
const FIRST = ['name', 'label', 'id'];

function order(a: string, b: string): number {
  const ia = FIRST.indexOf(a);
  const ib = FIRST.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

function readFile(p: string): string | undefined {
  const full = path.resolve(DIR, p);
  return full.startsWith(DIR) && fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : undefined;
}

async function render(file: string, dir: string): Promise<string> {
  const src = fs.readFileSync(path.join(dir, file), 'utf8');
  const varsFile = path.join(dir, file.replace(/\.nomad$/, '.vars.json'));
  const vars = fs.existsSync(varsFile) ? (JSON.parse(fs.readFileSync(varsFile, 'utf8')) as Record<string, string>) : undefined;
  const r = await translateJobspec(src, { filename: file, readFile, ...(vars ? { vars } : {}) });
  if (!r.ok) return `${r.diagnostics.map(formatDiagnostic).join('\n')}\n`;
  const doc = { jobName: r.jobName, warnings: r.warnings.map(formatDiagnostic), spec: r.spec };
  return yaml.dump(doc, { sortKeys: order, lineWidth: 120, noRefs: true });
}

/** Names in `dir` ending in `ext`, without it. */
function stems(dir: string, ext: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith(ext)).map((f) => f.slice(0, -ext.length)).sort();
}

const jobs = fs.readdirSync(DIR).filter((f) => f.endsWith('.nomad')).sort();
const errorDir = path.join(DIR, 'errors');
const errors = fs.readdirSync(errorDir).filter((f) => f.endsWith('.nomad')).sort();

describe('golden translations', () => {
  it('has at least 30 fixtures', () => {
    expect(jobs.length).toBeGreaterThanOrEqual(30);
  });
  it.each(jobs)('%s translates to its reviewed YAML', async (file) => {
    const text = await render(file, DIR);
    expect(text.startsWith('jobName:')).toBe(true);
    expectGolden(text, path.join(DIR, file.replace(/\.nomad$/, '.yaml')));
  });
  // After the comparisons, so that an UPDATE_GOLDEN=1 run has written the missing files first.
  it('pairs every .nomad with a golden .yaml, and no golden .yaml lacks its source (it would never be compared)', () => {
    expect(stems(DIR, '.yaml')).toEqual(stems(DIR, '.nomad'));
  });
});

describe('golden errors', () => {
  it.each(errors)('%s fails with the expected diagnostics', async (file) => {
    const text = await render(file, errorDir);
    expect(text.startsWith('jobName:')).toBe(false);
    expectGolden(text, path.join(errorDir, file.replace(/\.nomad$/, '.txt')));
  });
  it('has error fixtures, each paired with its expected .txt, and no .txt lacks its source', () => {
    expect(errors.length).toBeGreaterThan(0);
    expect(stems(errorDir, '.txt')).toEqual(stems(errorDir, '.nomad'));
  });
});
