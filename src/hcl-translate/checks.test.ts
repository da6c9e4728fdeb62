// Checks Nomad makes at parse or register time, made at convert time and reported at the offending block.
import { describe, expect, it } from '@jest/globals';
import { formatDiagnostic, translateJobspec } from './index.js';

async function diagnostics(src: string): Promise<{ errors: string[]; warnings: string[] }> {
  const r = await translateJobspec(src, { filename: 'c.nomad' });
  const all = r.ok ? r.warnings : r.diagnostics;
  return { errors: all.filter((d) => d.severity === 'error').map(formatDiagnostic), warnings: all.filter((d) => d.severity === 'warning').map(formatDiagnostic) };
}

const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;
const group = (...body: string[]): string => lines('job "j" {', '  group "g" {', ...body, '  }', '}');
const TASK = ['    task "t" {', '      driver = "docker"', '      config { image = "redis" }', '    }'];

describe('convert-time checks', () => {
  it('rejects an invalid cron expression at cron', async () => {
    const src = lines('job "j" {', '  type = "batch"', '  periodic {', '    cron = "*/5 * * *"', '  }', '  group "g" {', ...TASK, '  }', '}');
    const { errors } = await diagnostics(src);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^c\.nomad:4:5: periodic: /);
  });

  it('rejects an unknown time zone at time_zone', async () => {
    const src = lines('job "j" {', '  type = "batch"', '  periodic {', '    crons = ["@daily"]', '    time_zone = "Mars/Olympus"', '  }', '  group "g" {', ...TASK, '  }', '}');
    expect((await diagnostics(src)).errors).toEqual([expect.stringMatching(/^c\.nomad:5:5: periodic: .*Mars\/Olympus/)]);
  });

  it('rejects spread targets over 100% at the spread block', async () => {
    // 60 + 50 = 110 > 100
    const src = group('    spread {', '      attribute = "${node.datacenter}"', '      target "a" { percent = 60 }', '      target "b" { percent = 50 }', '    }', ...TASK);
    expect((await diagnostics(src)).errors).toEqual(['c.nomad:5:7: group "g": spread: sum of spread target percentages must not be greater than 100%; got 110%']);
  });

  it('rejects a service port label that no network defines, naming the defined ones', async () => {
    const src = group('    network {', '      port "http" {}', '    }', '    service {', '      name = "web"', '      port = "htp"', '    }', ...TASK);
    expect((await diagnostics(src)).errors).toEqual(['c.nomad:8:7: service "web": port label "htp" is not defined by any network block of the group (defined: http)']);
  });

  it('rejects a check port label that no network defines, at the check', async () => {
    const src = group('    network {', '      port "http" {}', '    }', '    service {', '      name = "web"', '      port = "http"', '      check {', '        type = "tcp"', '        port = "admin"', '      }', '    }', ...TASK);
    expect((await diagnostics(src)).errors).toEqual([expect.stringMatching(/^c\.nomad:11:9: service "web": check port label "admin"/)]);
  });

  it('accepts numeric ports and driver-addressed labels', async () => {
    const src = group('    service {', '      name = "a"', '      port = 8080', '    }', '    service {', '      name = "b"', '      port = "db"', '      address_mode = "driver"', '    }', ...TASK);
    expect((await diagnostics(src)).errors).toEqual([]);
  });

  it('rejects reschedule attempts together with unlimited at attempts', async () => {
    const src = group('    reschedule {', '      attempts = 3', '      interval = "1h"', '      unlimited = true', '    }', ...TASK);
    expect((await diagnostics(src)).errors).toEqual(['c.nomad:4:7: group "g": reschedule with attempts = 3 and unlimited = true is ambiguous; when attempts > 0, unlimited cannot also be true']);
  });

  it.each([
    ['java', 'eclipse-temurin'],
    ['podman', 'use driver = "docker"'],
    ['qemu', 'KubeVirt'],
    ['nspawn', 'use one of docker, exec, raw_exec'],
  ])('rejects driver %s at driver, naming what to use instead', async (driver, instead) => {
    const { errors } = await diagnostics(group('    task "t" {', `      driver = "${driver}"`, '    }'));
    expect(errors).toEqual([expect.stringContaining(`c.nomad:4:7: task "t" uses driver "${driver}", which kubenomad cannot run; `)]);
    expect(errors[0]).toContain(instead);
  });
});

describe('convert-time warnings', () => {
  const template = (data: string): string => group('    task "t" {', '      driver = "exec"', '      template {', `        data = ${JSON.stringify(data)}`, '        destination = "local/x"', '      }', '    }');

  it.each([
    ['{{ range nomadService "db" }}{{ .Address }}{{ end }}', 'nomadService'],
    ['{{ with secret "kv/x" }}{{ .Data }}{{ end }}', 'secret'],
    ['{{ range $i := loop 3 }}{{ $i }}{{ end }}', '"{{ range … }}"'],
    ['{{ with $x := "y" }}{{ $x }}{{ end }}', '"{{ with … }}"'],
  ])('warns for a template the operator will not render: %s', async (data, names) => {
    const { warnings } = await diagnostics(template(data));
    expect(warnings).toEqual([expect.stringContaining(names)]);
  });

  it('does not warn for env-only templates', async () => {
    expect((await diagnostics(template('PORT={{ env "NOMAD_PORT_http" }}'))).warnings).toEqual([]);
  });

  it('warns for artifacts at their source', async () => {
    const src = group('    task "t" {', '      driver = "exec"', '      artifact {', '        source = "https://example.com/x.tgz"', '      }', '    }');
    expect((await diagnostics(src)).warnings).toEqual([expect.stringMatching(/^c\.nomad:6:9: warning: artifact in task "t": artifacts are not downloaded/)]);
  });
});

describe('group-level vault', () => {
  it('is accepted and copied to the group\'s tasks that have none, with a warning', async () => {
    const src = group('    vault {', '      policies = ["p"]', '    }', '    task "t" {', '      driver = "exec"', '    }');
    const r = await translateJobspec(src);
    expect(r.ok && r.spec.groups?.[0]?.tasks[0]?.vault).toEqual({ policies: ['p'] });
  });
});
