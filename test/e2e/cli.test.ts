/**
 * The built CLI against the suite's apiserver: convert (seed jobspec), run (the object appears), plan (diff and a
 * dry-run on fake nodes in datacenters only this file uses, with a count that cannot fit), status (Nomad's layout).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeConfig } from '@kubernetes/client-node';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeNodes, deleteFakeNodes } from '../../src/local-cluster/bootstrap.js';
import { createNamespace, deleteNamespace, kubeConfig, kubeconfigPath, kubectl } from './support/cluster.js';

const NS = 'e2e-cli';
const NODES = ['cli-e2e-a1', 'cli-e2e-b1'];
const BIN = new URL('../../bin/kubenomad.js', import.meta.url).pathname;
const SEED = new URL('../fixtures/hcl/ping.nomad', import.meta.url).pathname;
let kc: KubeConfig;
let dir: string;
let jobspec: string;

// Two 2048 MiB nodes; 512 MB allocations: at most 4 per node, so 20 cannot all be placed.
const JOBSPEC = `variable "count" {
  type    = number
  default = 20
}
job "cli-e2e" {
  datacenters = ["cli-e2e-a", "cli-e2e-b"]
  group "cache" {
    count = var.count
    task "redis" {
      driver = "docker"
      config {
        image = "redis:7"
      }
      resources {
        cpu    = 100
        memory = 512
      }
    }
  }
}
`;

function cli(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args, '--kubeconfig', kubeconfigPath()], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

beforeAll(async () => {
  kc = kubeConfig();
  await createNamespace(kc, NS);
  await createFakeNodes(kc, [
    { name: NODES[0]!, datacenter: 'cli-e2e-a', cpuCores: 4, memoryMiB: 2048 },
    { name: NODES[1]!, datacenter: 'cli-e2e-b', cpuCores: 4, memoryMiB: 2048 },
  ]);
  dir = mkdtempSync(join(tmpdir(), 'kubenomad-cli-e2e-'));
  jobspec = join(dir, 'cli-e2e.nomad');
  writeFileSync(jobspec, JOBSPEC);
  // kwok marks the nodes Ready shortly after creation.
  const ready = kubectl(['wait', '--for=condition=Ready', `node/${NODES[0]}`, `node/${NODES[1]}`, '--timeout=60s']);
  expect(ready.status).toBe(0);
}, 90_000);

afterAll(async () => {
  await deleteFakeNodes(kc, NODES);
  await deleteNamespace(kc, NS);
  rmSync(dir, { recursive: true, force: true });
});

describe('kubenomad CLI', () => {
  it('convert prints the NomadJob YAML of the seed jobspec', () => {
    const r = cli(['convert', SEED]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^apiVersion: kubenomad.io\/v1alpha1\nkind: NomadJob\nmetadata:\n {2}name: ping\n/);
    expect(r.stdout).toContain('metaRequired:');
  });

  it('convert prints diagnostics and exits 1 on invalid HCL', () => {
    const r = cli(['convert', new URL('../fixtures/hcl/errors/invalid-hcl.nomad', import.meta.url).pathname]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/invalid-hcl\.nomad:3:12: Invalid expression/);
  });

  it('plan shows a new job and the failed placement with the exhausted dimension', () => {
    const r = cli(['plan', '-n', NS, jobspec]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('+ Job: "cli-e2e"\n+ Task Group: "cache" (20 create)\n  + Task: "redis" (forces create)');
    expect(r.stdout).toContain('Scheduler dry-run:\n- WARNING: Failed to place all allocations.\n  Task Group "cache" (failed to place 12 allocations):');
    expect(r.stdout).toContain('* Dimension "memory" exhausted on 2 nodes');
  });

  it('run applies the NomadJob and the object appears', () => {
    const r = cli(['run', '-n', NS, jobspec]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`==> Job "cli-e2e" registered as NomadJob ${NS}/cli-e2e`);
    const got = kubectl(['get', 'nomadjob', 'cli-e2e', '-n', NS, '-o', 'jsonpath={.spec.groups[0].count} {.metadata.managedFields[0].manager}']);
    expect(got.stdout).toBe('20 kubenomad-cli');
  });

  it('plan against the stored job shows the count change (Nomad -var spelling)', () => {
    const r = cli(['plan', '-n', NS, '-var', 'count=6', jobspec]);
    expect(r.stdout).toContain('+/- Job: "cli-e2e"\n+/- Task Group: "cache"');
    expect(r.stdout).toContain('  +/- Count: "20" => "6" (forces destroy)');
    expect(r.stdout).toContain('      Task: "redis"');
  });

  it('plan of the unchanged jobspec after run shows no changes and the job modify index (resourceVersion)', () => {
    const r = cli(['plan', '-n', NS, jobspec]);
    const rv = kubectl(['get', 'nomadjob', 'cli-e2e', '-n', NS, '-o', 'jsonpath={.metadata.resourceVersion}']).stdout;
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Job: "cli-e2e"\nTask Group: "cache"');
    expect(r.stdout).toContain(`Job Modify Index: ${rv}\n`);
    expect(r.stdout).toContain(`kubenomad run -n ${NS} -check-index ${rv} ${jobspec}`);
  });

  it('run -check-index refuses a stale index and applies with the current one', () => {
    const rv = kubectl(['get', 'nomadjob', 'cli-e2e', '-n', NS, '-o', 'jsonpath={.metadata.resourceVersion}']).stdout;
    const stale = cli(['run', '-n', NS, '-check-index', '1', '-var', 'count=19', jobspec]);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toBe(`Error submitting job: Enforcing job modify index 1: job exists with conflicting job modify index: ${rv}\n`);
    const fresh = cli(['run', '-n', NS, '-check-index', rv, jobspec]);
    expect(fresh.stderr).toBe('');
    expect(fresh.status).toBe(0);
    const created = cli(['run', '-n', NS, '-check-index', '0', jobspec]);
    expect(created.stderr).toContain('Enforcing job modify index 0: job already exists');
  });

  it('status prints the job in Nomad\'s layout', () => {
    const r = cli(['status', '-n', NS, 'cli-e2e']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('ID            = cli-e2e\nName          = cli-e2e\n');
    expect(r.stdout).toContain('Datacenters   = cli-e2e-a,cli-e2e-b');
    expect(r.stdout).toMatch(/Summary\nTask Group {2}Queued {2}Starting {2}Running {2}Failed {2}Complete {2}Lost\ncache {7}\d+/);
    expect(r.stdout).toContain('Allocations\n');
  });

  it('status without a job lists the namespace\'s jobs', () => {
    const r = cli(['status', '-n', NS]);
    expect(r.stdout).toMatch(/^ID {7}Type {5}Priority {2}Status +Submit Date\ncli-e2e {2}service {2}50 /);
  });
});
