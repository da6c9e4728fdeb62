/**
 * The webhook's HCL translator runs in a worker thread (built dist/ script): results equal the in-thread translator's,
 * a translation that runs too long is stopped and answered with a reason, and the next request gets a fresh worker.
 * No cluster needed; it lives in the e2e project because that project builds dist/ first.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { translateJobspec } from '../../src/hcl-translate/index.js';
import { workerTranslator } from '../../src/webhook/translate-worker.js';

const JOB = ['job "web" {', '  group "g" {', '    task "t" {', '      driver = "docker"', '      config { image = "nginx" }', '    }', '  }', '}', ''].join('\n');

/** A valid jobspec that takes a while to evaluate (many groups with computed attributes). */
function slowJob(groups: number): string {
  const lines = ['job "slow" {'];
  for (let i = 0; i < groups; i++) {
    lines.push(`  group "g${i}" {`, `    meta { k = join(",", [for x in range(200) : format("%05d", x)]) }`, '    task "t" {', '      driver = "docker"', '      config { image = "nginx" }', '    }', '  }');
  }
  lines.push('}', '');
  return lines.join('\n');
}

describe('HCL translation in a worker thread', () => {
  const fast = workerTranslator();
  afterAll(() => fast.close());

  it('returns what the in-thread translator returns', async () => {
    expect(await fast.translate(JOB, { filename: 'web.nomad' })).toEqual(await translateJobspec(JOB, { filename: 'web.nomad' }));
  });

  it('reports positioned errors from the worker', async () => {
    const r = await fast.translate('job "x" {\n  group "g" {\n', { filename: 'x.nomad' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]?.file).toBe('x.nomad');
  });

  it('stops a translation that runs past its time limit with a reason, and serves the next request with a fresh worker', async () => {
    const t = workerTranslator(1);
    try {
      const r = await t.translate(slowJob(60), { filename: 'slow.nomad' });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.diagnostics[0]?.message).toMatch(/took longer than .* and was stopped/);
    } finally {
      await t.close();
    }
    const again = workerTranslator();
    try {
      expect((await again.translate(JOB, { filename: 'web.nomad' })).ok).toBe(true);
    } finally {
      await again.close();
    }
  });
});
