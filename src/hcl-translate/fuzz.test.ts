// Property tests: hostile input (random text, byte flips, truncation, deep nesting, binary) never throws,
// never hangs, and every failure is a clean, positioned diagnostic.
import { describe, expect, it } from '@jest/globals';
import * as fc from 'fast-check';
import { translateJobspec, type TranslateResult } from './index.js';

const SEED_JOB = `variable "n" {
  default = 2
}
locals { name = "x-\${var.n}" }
job "fuzz" {
  datacenters = ["dc1"]
  constraint {
    attribute = "\${attr.kernel.name}"
    value     = "linux"
  }
  group "g" {
    count = var.n
    network {
      port "http" { to = 8080 }
    }
    task "t" {
      driver = "docker"
      config {
        image = "nginx:\${local.name}"
        args  = [for s in ["a", "b"] : upper(s)]
      }
      resources {
        cpu    = 100
        memory = 64
      }
    }
  }
}
`;

function clean(r: TranslateResult): boolean {
  const diags = r.ok ? r.warnings : r.diagnostics;
  if (!r.ok && !diags.some((d) => d.severity === 'error')) return false;
  return diags.every((d) => typeof d.message === 'string' && d.message.length > 0 && Number.isInteger(d.line) && d.line >= 1 && Number.isInteger(d.column) && d.column >= 1);
}

async function holds(source: string): Promise<boolean> {
  const started = Date.now();
  const r = await translateJobspec(source, { filename: 'fuzz.nomad' });
  return clean(r) && Date.now() - started < 5000;
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom('{', '}', '"', '${', '%{', '[', '=', '\n', 'dynamic "x" {', '<<EOT\n', '#', '\\') }),
);

function mutate(src: string, ms: Array<{ kind: 'flip' | 'cut' | 'insert'; at: number; byte?: number; text?: string }>): string {
  let s = src;
  for (const m of ms) {
    const at = s.length === 0 ? 0 : m.at % s.length;
    if (m.kind === 'flip') s = s.slice(0, at) + String.fromCharCode(m.byte ?? 0) + s.slice(at + 1);
    else if (m.kind === 'cut') s = s.slice(0, at);
    else s = s.slice(0, at) + (m.text ?? '') + s.slice(at);
  }
  return s;
}

describe('translateJobspec on hostile input', () => {
  it('translates the unmutated seed', async () => {
    const r = await translateJobspec(SEED_JOB);
    expect(r.ok).toBe(true);
  });

  it('never throws on mutated jobspecs (byte flips, truncation, insertions)', async () => {
    await fc.assert(fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 6 }), async (ms) => holds(mutate(SEED_JOB, ms))), { numRuns: 150, seed: 42 });
  }, 60_000);

  it('never throws on random text and binary', async () => {
    const binary = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1'));
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ maxLength: 300 }), binary, fc.string({ unit: 'grapheme', maxLength: 100 })), holds), { numRuns: 150, seed: 7 });
  }, 60_000);

  it('never throws on deep nesting of blocks, lists and templates', async () => {
    const deep = fc.tuple(fc.integer({ min: 1, max: 200 }), fc.constantFrom('block', 'list', 'paren', 'template')).map(([n, kind]) => {
      if (kind === 'block') return `${'a {\n'.repeat(n)}${'}\n'.repeat(n)}`;
      if (kind === 'list') return `job "x" {\n meta = { a = ${'['.repeat(n)}${']'.repeat(n)} }\n}`;
      if (kind === 'paren') return `locals {\n x = ${'('.repeat(n)}1${')'.repeat(n)}\n}`;
      return `locals {\n x = "${'${"'.repeat(n)}${'"}'.repeat(n)}"\n}`;
    });
    await fc.assert(fc.asyncProperty(deep, holds), { numRuns: 60, seed: 3 });
  }, 60_000);

  it('bounds expensive expressions', async () => {
    const src = 'locals {\n  x = [for a in range(100000) : [for b in range(100000) : a * b]]\n}\njob "x" {\n group "g" {\n  task "t" { driver = "exec" }\n }\n}\n';
    expect(await holds(src)).toBe(true);
  }, 20_000);
});
