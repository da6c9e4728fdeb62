// Diagnostics point at the offending token, block or attribute, not at the attribute's or the first group's start.
import { describe, expect, it } from '@jest/globals';
import { formatDiagnostic, translateJobspec } from './index.js';

async function errorsOf(src: string): Promise<string[]> {
  const r = await translateJobspec(src, { filename: 'p.nomad' });
  return r.ok ? [] : r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
}

const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;
const TASK = ['    task "t" {', '      driver = "exec"', '    }'];

describe('error positions', () => {
  it('an expression error points at the failing call, not at the attribute', async () => {
    const src = lines('job "j" {', '  meta = {', '    a = "x"', '    b = join(",",', '      upper(1, 2))', '  }', '  group "g" {', ...TASK, '  }', '}');
    expect(await errorsOf(src)).toEqual(['p.nomad:5:7: cannot evaluate "meta": upper() takes 1 argument, got 2']);
  });

  it('an undeclared variable points at its reference', async () => {
    const src = lines('job "j" {', '  group "g" {', '    count = 1 + var.nope', ...TASK, '  }', '}');
    expect(await errorsOf(src)).toEqual([expect.stringMatching(/^p\.nomad:3:17: cannot evaluate "count": reference to undeclared input variable "nope"/)]);
  });

  it('an unknown function points at its name', async () => {
    const src = lines('job "j" {', '  region = lower(', '    nosuch("x"))', '  group "g" {', ...TASK, '  }', '}');
    expect(await errorsOf(src)).toEqual(['p.nomad:3:5: cannot evaluate "region": call to unknown function "nosuch"']);
  });

  it('a duplicate group points at the duplicate', async () => {
    const src = lines('job "j" {', '  group "g" {', ...TASK, '  }', '  group "g" {', ...TASK, '  }', '}');
    expect(await errorsOf(src)).toEqual(['p.nomad:7:3: job "j" defines group "g" more than once']);
  });

  it('a duplicate task points at the duplicate', async () => {
    const src = lines('job "j" {', '  group "g" {', ...TASK, ...TASK, '  }', '}');
    expect(await errorsOf(src)).toEqual(['p.nomad:6:5: group "g" defines task "t" more than once']);
  });

  it('a negative count points at count in its own group', async () => {
    const src = lines('job "j" {', '  group "a" {', ...TASK, '  }', '  group "b" {', '    count = -1', ...TASK, '  }', '}');
    expect(await errorsOf(src)).toEqual(['p.nomad:8:5: group "b": count must not be negative']);
  });

  it('a task check points at its own task in the second group', async () => {
    const src = lines('job "j" {', '  group "a" {', ...TASK, '  }', '  group "b" {', '    task "t" {', '      driver = "exec"', '      resources {', '        cpu = 100', '        cores = 1', '      }', '    }', '  }', '}');
    expect(await errorsOf(src)).toEqual(['p.nomad:10:7: task "t": cpu and cores are mutually exclusive']);
  });

  it('a group without tasks is reported at that group', async () => {
    const src = lines('job "j" {', '  group "a" {', ...TASK, '  }', '  group "empty" {', '  }', '}');
    expect(await errorsOf(src)).toEqual(['p.nomad:7:3: group "empty" has no tasks']);
  });

  it('a job block without its label says so at its position', async () => {
    expect(await errorsOf(lines('# a comment', 'job {', '  group "g" {', ...TASK, '  }', '}'))).toEqual(['p.nomad:2:1: a job block needs exactly one label, its name: job "<name>" { … }']);
  });
});

describe('comments inside multi-line expressions', () => {
  it('are skipped in calls, lists and parenthesised arithmetic', async () => {
    const src = lines('job "j" {', '  meta = {', '    a = join(",", [ # list', '      "p", /* inline */ "q", // tail', '    ])', '  }', '  group "g" {', '    count = (1 + // two', '      2) # three', ...TASK, '  }', '}');
    const r = await translateJobspec(src);
    expect(r.ok && r.spec.meta).toEqual({ a: 'p,q' });
    expect(r.ok && r.spec.groups?.[0]?.count).toBe(3);
  });
});
