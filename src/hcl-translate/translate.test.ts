// Behaviour tests of translateJobspec: variables, dynamic blocks, shorthands, warnings, error positions.
import { describe, expect, it } from '@jest/globals';
import { formatDiagnostic, translateJobspec, type TranslateResult } from './index.js';

const job = (body: string, pre = ''): string => `${pre}\njob "j" {\n${body}\n}\n`;
const task = (extra = ''): string => `group "g" {\n  task "t" {\n    driver = "exec"\n${extra}\n  }\n}`;

function ok(r: TranslateResult): Extract<TranslateResult, { ok: true }> {
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  return r;
}
function errors(r: TranslateResult): string[] {
  return r.ok ? [] : r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
}

describe('translateJobspec', () => {
  it('takes the job name from the job label and materialises Nomad defaults', async () => {
    const r = ok(await translateJobspec(job(task())));
    expect(r.jobName).toBe('j');
    expect(r.spec).toMatchObject({ id: 'j', type: 'service', priority: 50, region: 'global', namespace: 'default', datacenters: ['*'] });
    expect(r.spec.groups?.[0]).toMatchObject({ name: 'g', count: 1, tasks: [{ name: 't', driver: 'exec', resources: { cpu: 100, memory: 300 } }] });
  });

  it('applies -var over var files over defaults, converting to the declared type', async () => {
    const pre = 'variable "n" {\n  type = number\n  default = 1\n}\nvariable "s" {\n  default = "d"\n}\n';
    const src = job(`meta = { s = var.s }\ngroup "g" {\n count = var.n\n task "t" { driver = "exec" }\n}`, pre);
    const r = ok(await translateJobspec(src, { vars: { n: '5' }, varFiles: [{ name: 'a.hcl', content: 's = "from-file"\nn = 2\n' }] }));
    expect(r.spec.groups?.[0]?.count).toBe(5);
    expect(r.spec.meta).toEqual({ s: 'from-file' });
  });

  it('rejects a required variable without a value, at the variable block', async () => {
    const r = await translateJobspec(job(task(), 'variable "x" {\n  type = string\n}'));
    expect(errors(r)).toEqual(['job.nomad:1:1: variable "x" is required: set it with -var x=… or in a var file']);
  });

  it('resolves locals that refer to each other in any order', async () => {
    const pre = 'locals {\n  b = "${local.a}-b"\n  a = upper("a")\n}';
    const r = ok(await translateJobspec(job(`meta { x = local.b }\n${task()}`, pre)));
    expect(r.spec.meta).toEqual({ x: 'A-b' });
  });

  it('expands dynamic blocks with a custom iterator', async () => {
    const src = job(`group "g" {\n network {\n  dynamic "port" {\n   for_each = ["a", "b"]\n   iterator = p\n   labels = [p.value]\n   content { static = 8000 + p.key }\n  }\n }\n task "t" { driver = "exec" }\n}`);
    const r = ok(await translateJobspec(src));
    expect(r.spec.groups?.[0]?.networks?.[0]?.ports).toEqual([{ label: 'a', static: 8000 }, { label: 'b', static: 8001 }]);
  });

  it('rewrites constraint shorthands into operator and value', async () => {
    const src = job(`constraint {\n attribute = "\${attr.os.version}"\n version = ">= 1.0"\n}\nconstraint {\n distinct_hosts = true\n}\n${task()}`);
    const r = ok(await translateJobspec(src));
    expect(r.spec.constraints).toEqual([
      { attribute: '${attr.os.version}', operator: 'version', value: '>= 1.0' },
      { operator: 'distinct_hosts' },
    ]);
  });

  it('warns (and keeps what the type holds) for blocks Kubernetes cannot honour', async () => {
    const r = ok(await translateJobspec(job(task('vault {\n policies = ["p"]\n}\nlogs {\n max_files = 1\n}'))));
    expect(r.spec.groups?.[0]?.tasks[0]?.vault).toEqual({ policies: ['p'] });
    expect(r.warnings.map((w) => w.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('block "logs" in task "t" is ignored'), expect.stringContaining('vault is not honoured on Kubernetes')]),
    );
    expect(r.warnings).toHaveLength(2);
  });

  it('names file, line and column of unknown blocks with a suggestion', async () => {
    const r = await translateJobspec('job "ping" {\n  grop "x" {}\n}\n', { filename: 'job.nomad' });
    expect(errors(r)[0]).toBe('job.nomad:2:3: unknown block "grop" in job "ping"; did you mean "group"?');
  });

  it('reports attribute type errors with what was expected', async () => {
    const r = await translateJobspec(job('priority = "high"\n' + task()));
    expect(errors(r)[0]).toBe('job.nomad:3:1: attribute "priority" in job "j" must be a whole number, got string "high"');
  });

  it('turns hcl2json parse errors into positioned diagnostics and never a partial object', async () => {
    const r = await translateJobspec('job "x" {\n  a = \n}\n', { filename: 'bad.nomad' });
    expect(r.ok).toBe(false);
    expect(errors(r)[0]).toMatch(/^bad\.nomad:2:\d+: Invalid expression/);
  });

  it('rejects oversized and deeply nested input with a clear message', async () => {
    expect(errors(await translateJobspec('#'.repeat(2 << 20)))[0]).toContain('larger than');
    expect(errors(await translateJobspec(`x = ${'['.repeat(100)}${']'.repeat(100)}`))[0]).toContain('nested more than 64');
  });
});
