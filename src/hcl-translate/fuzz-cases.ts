/**
 * Hostile inputs for the translator, shared by the short property tests (fuzz.test.ts, in CI) and the long run
 * (`npm run fuzz:hcl -- --runs 100000`, fuzz-main.ts): a seed jobspec mutated by byte flips, cuts and insertions,
 * random text and binary, deep nesting. The property: translation settles within 5 s, never throws, and every
 * diagnostic is positioned inside the source.
 */
import * as fc from 'fast-check';
import { translateJobspec, type TranslateResult } from './index.js';

/** A jobspec touching most of the language: variables, locals, functions, templates, for expressions, blocks. */
export const SEED_JOB = `variable "n" {
  default = 2
}
locals {
  name = "x-\${var.n}"
  net  = cidrsubnets("10.0.0.0/16", 4, 8) # comment inside
  when = formatdate("YYYY-MM-DD", timeadd("2024-01-01T00:00:00Z", "36h"))
}
job "fuzz" {
  datacenters = ["dc1"]
  meta = {
    net  = jsonencode(local.net)
    when = local.when
    ids  = join(",", [ // a list
      uuidv5("dns", "fuzz"), strlen(local.name),
    ])
  }
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
      template {
        data        = "PORT={{ env \\"NOMAD_PORT_http\\" }}"
        destination = "local/env"
      }
      resources {
        cpu    = 100
        memory = 64
      }
    }
  }
}
`;

/** Why an input broke the property, or undefined when it held. */
export function problemOf(source: string, r: TranslateResult, ms: number): string | undefined {
  if (ms >= 5000) return `took ${ms} ms`;
  const diags = r.ok ? r.warnings : r.diagnostics;
  if (!r.ok && !diags.some((d) => d.severity === 'error')) return 'rejected without an error';
  const lines = source.split('\n').length;
  const bad = diags.find((d) => !d.message || !Number.isInteger(d.line) || d.line < 1 || d.line > lines + 1 || !Number.isInteger(d.column) || d.column < 1);
  if (bad) return `unpositioned diagnostic ${JSON.stringify(bad)}`;
  if (diags.some((d) => d.message.startsWith('Internal error'))) return `internal error: ${diags.find((d) => d.message.startsWith('Internal error'))?.message}`;
  return undefined;
}

/** Translates `source` and checks the property. */
export async function check(source: string): Promise<{ problem?: string; ok: boolean; ms: number }> {
  const started = Date.now();
  const r = await translateJobspec(source, { filename: 'fuzz.nomad' });
  const ms = Date.now() - started;
  const problem = problemOf(source, r, ms);
  return problem === undefined ? { ok: r.ok, ms } : { problem, ok: r.ok, ms };
}

type Mutation = { kind: 'flip' | 'cut' | 'insert'; at: number; byte?: number; text?: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom('{', '}', '"', '${', '%{', '[', '=', '\n', 'dynamic "x" {', '<<EOT\n', '#', '//', '/*', '\\', '(', ')', ',', 'var.', 'local.', 'upper(') }),
);

/** Applies mutations to a source, in order. */
export function mutate(src: string, ms: Mutation[]): string {
  let s = src;
  for (const m of ms) {
    const at = s.length === 0 ? 0 : m.at % s.length;
    if (m.kind === 'flip') s = s.slice(0, at) + String.fromCharCode(m.byte ?? 0) + s.slice(at + 1);
    else if (m.kind === 'cut') s = s.slice(0, at);
    else s = s.slice(0, at) + (m.text ?? '') + s.slice(at);
  }
  return s;
}

/** The seed with 1–6 mutations. */
export const mutatedJobs: fc.Arbitrary<string> = fc.array(mutation, { minLength: 1, maxLength: 6 }).map((ms) => mutate(SEED_JOB, ms));

/** Random text, binary (as latin1) and graphemes. */
export const randomText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
);

/** Deep nesting of blocks, lists, parentheses and templates. */
export const deepNesting: fc.Arbitrary<string> = fc.tuple(fc.integer({ min: 1, max: 200 }), fc.constantFrom('block', 'list', 'paren', 'template')).map(([n, kind]) => {
  if (kind === 'block') return `${'a {\n'.repeat(n)}${'}\n'.repeat(n)}`;
  if (kind === 'list') return `job "x" {\n meta = { a = ${'['.repeat(n)}${']'.repeat(n)} }\n}`;
  if (kind === 'paren') return `locals {\n x = ${'('.repeat(n)}1${')'.repeat(n)}\n}`;
  return `locals {\n x = "${'${"'.repeat(n)}${'"}'.repeat(n)}"\n}`;
});
