/**
 * The built CLI's job management against the suite's apiserver, with the NomadJob and periodic controllers running
 * in this process: job periodic force, status of a periodic parent with its children,
 * alloc status, job inspect -t, status -json, job validate, job stop and job stop -purge. Commands that wait for the
 * controllers run without blocking this process (cliAsync); the others may block it (cli).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeConfig } from '@kubernetes/client-node';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { startNomadJobController } from '../../src/controllers/nomadjob/controller.js';
import { startPeriodicController } from '../../src/controllers/periodic/controller.js';
import { createFakeNodes, deleteFakeNodes } from '../../src/local-cluster/bootstrap.js';
import { waitFor } from '../../src/local-cluster/readiness.js';
import { createLogger } from '../../src/logging.js';
import { createNamespace, deleteNamespace, kubeConfig, kubeconfigPath, kubectl } from './support/cluster.js';

const NS = 'e2e-cli-jobs';
const DC = 'dc-cli-jobs';
const NODES = ['cli-jobs-node-a'];
const BIN = new URL('../../bin/kubenomad.js', import.meta.url).pathname;
let kc: KubeConfig;
let dir: string;
const running: Array<{ stop(): Promise<void> }> = [];

const PERIODIC = `job "nightly" {
  type        = "batch"
  datacenters = ["${DC}"]
  periodic {
    crons = ["@yearly"]
  }
  group "work" {
    task "work" {
      driver = "exec"
      config {
        command = "true"
      }
      resources {
        cpu    = 100
        memory = 64
      }
    }
  }
}
`;

const SERVICE = `job "web" {
  datacenters = ["${DC}"]
  group "g" {
    task "t" {
      driver = "docker"
      config {
        image = "nginx:1.27"
      }
      resources {
        cpu    = 100
        memory = 64
      }
    }
  }
}
`;

function cli(...args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args, '--kubeconfig', kubeconfigPath()], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Runs the CLI without blocking this process, so the in-process controllers keep working meanwhile. */
function cliAsync(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args, '--kubeconfig', kubeconfigPath()]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

function jobspec(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

beforeAll(async () => {
  kc = kubeConfig();
  await createNamespace(kc, NS);
  await createFakeNodes(kc, NODES.map((name) => ({ name, datacenter: DC, cpuCores: 8, memoryMiB: 8192 })));
  const log = createLogger(process.env.KUBENOMAD_E2E_LOG ?? 'silent');
  running.push(await startNomadJobController({ kc, log, registry: new Registry(), settings: { algorithm: 'binpack' }, namespace: NS }));
  running.push(await startPeriodicController({ kc, log, registry: new Registry(), namespace: NS }));
  dir = mkdtempSync(join(tmpdir(), 'kubenomad-cli-jobs-'));
  expect(kubectl(['wait', '--for=condition=Ready', `node/${NODES[0]}`, '--timeout=60s']).status).toBe(0);
}, 90_000);

afterAll(async () => {
  for (const r of running) await r.stop();
  await deleteFakeNodes(kc, NODES);
  await deleteNamespace(kc, NS);
  rmSync(dir, { recursive: true, force: true });
});

describe('kubenomad job management', () => {
  it('job validate accepts the jobspecs and rejects a driver kubenomad cannot run, offline', () => {
    expect(cli('job', 'validate', jobspec('nightly.nomad', PERIODIC)).stdout).toBe('Job validation successful\n');
    const bad = cli('job', 'validate', jobspec('java.nomad', SERVICE.replace('"docker"', '"java"')));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('uses driver "java", which kubenomad cannot run; run the JVM from a container image');
  });

  it('job periodic force launches a child at once; the parent\'s status lists it', async () => {
    const run = cli('run', '-n', NS, join(dir, 'nightly.nomad'));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    await waitFor('schedule tracked', async () => kubectl(['get', 'periodic', 'nightly', '-n', NS, '-o', 'jsonpath={.status.nextLaunch}']).stdout !== '', 30_000);
    // The Cron column shows the job's own schedule (no override on the Periodic).
    expect(kubectl(['get', 'periodic', 'nightly', '-n', NS]).stdout).toMatch(/^NAME +JOB +CRON +NEXT +LAST +AGE\nnightly +nightly +@yearly +\d{4}-/);
    const forced = await cliAsync('job', 'periodic', 'force', '-n', NS, 'nightly');
    expect(forced.stderr).toBe('');
    expect(forced.stdout).toMatch(/^Dispatched Job ID = nightly\/periodic-\d+\nEvaluation ID {5}= <none> \(NomadJob e2e-cli-jobs\/nightly-periodic-\d+;/);
    expect(forced.status).toBe(0);
    await waitFor('child listed', async () => /Children Job Summary\nPending +Running +Dead\n/.test(cli('status', '-n', NS, 'nightly').stdout), 20_000);
    const status = cli('status', '-n', NS, 'nightly').stdout;
    expect(status).toContain('Type          = batch\n');
    expect(status).toMatch(/Previously Launched Jobs\nID +Status +Submit Date\nnightly\/periodic-\d+ +(pending|running|dead) /);
  }, 90_000);

  it('alloc status shows an allocation of the running service, also as -json and -t', async () => {
    expect(cli('run', '-n', NS, jobspec('web.nomad', SERVICE)).status).toBe(0);
    let id = '';
    await waitFor('allocation running', async () => {
      id = kubectl(['get', 'pods', '-n', NS, '-l', 'kubenomad.io/job=web', '-o', 'jsonpath={.items[0].metadata.labels.kubenomad\\.io/alloc-id}']).stdout;
      return id !== '' && cli('alloc', 'status', '-n', NS, id).stdout.includes('Client Status  = running');
    }, 30_000);
    const text = cli('alloc', 'status', '-n', NS, id.slice(0, 8)).stdout;
    expect(text).toMatch(new RegExp(`^ID +${'='} ${id}\n`));
    expect(text).toMatch(/Tasks\nName +State +Restarts +Exit Code\nt +running +0/);
    expect(JSON.parse(cli('alloc', 'status', '-n', NS, '-json', id).stdout)).toMatchObject({ ID: id, JobID: 'web', TaskGroup: 'g', ClientStatus: 'running' });
    expect(cli('alloc', 'status', '-n', NS, '-t', '{{ .NodeName }}', id).stdout).toBe(`${NODES[0]}\n`);
    expect(cli('alloc', 'status', '-n', NS, 'nope').stderr).toBe(`No allocation(s) with prefix or id "nope" found in namespace "${NS}"\n`);
  }, 60_000);

  it('plan of the running HCL job: unchanged is 1 ignore (exit 0), a placement-only change is an in-place update', () => {
    // The translated job carries the CRD defaults, so its version hash equals the stored job's: nothing is replaced.
    const same = cli('plan', '-n', NS, join(dir, 'web.nomad'));
    expect(same.stderr).toBe('');
    expect(same.stdout).toContain('Job: "web"\nTask Group: "g" (1 ignore)\n  Task: "t"');
    expect(same.status).toBe(0);
    const moved = jobspec('web-constrained.nomad', SERVICE.replace('  group "g" {', '  group "g" {\n    constraint {\n      attribute = "${node.datacenter}"\n      value     = "' + DC + '"\n    }'));
    const inPlace = cli('plan', '-n', NS, moved);
    expect(inPlace.stdout).toContain('+/- Task Group: "g" (1 in-place update)');
    expect(inPlace.stdout).not.toContain('create/destroy');
  });

  it('job inspect prints the stored job; status -json and -t read it too', () => {
    const inspect = JSON.parse(cli('job', 'inspect', '-n', NS, 'web').stdout) as { Job: { metadata: { name: string }; spec: { id: string } } };
    expect(inspect.Job.spec.id).toBe('web');
    expect(cli('job', 'inspect', '-n', NS, '-t', '{{ .spec.type }}/{{ .spec.nodePool }}', 'web').stdout).toBe('service/default\n');
    expect((JSON.parse(cli('status', '-n', NS, '-json', 'web').stdout) as { metadata: { name: string } }).metadata.name).toBe('web');
  });

  it('job stop stops the allocations and keeps the job; -purge deletes it', async () => {
    const stop = cli('job', 'stop', '-n', NS, 'web');
    expect(stop.stderr).toBe('');
    expect(stop.stdout).toContain('==> Job "web" stopped');
    await waitFor('allocations stopped', async () => kubectl(['get', 'pods', '-n', NS, '-l', 'kubenomad.io/job=web', '-o', 'name']).stdout.trim() === '', 30_000);
    expect(cli('status', '-n', NS, 'web').stdout).toContain('Status        = dead (stopped)');
    expect(cli('job', 'stop', '-n', NS, '-purge', 'web').status).toBe(0);
    expect(kubectl(['get', 'nomadjob', 'web', '-n', NS]).status).not.toBe(0);
    expect(cli('job', 'stop', '-n', NS, 'web').stderr).toBe(`No job(s) with prefix or id "web" found in namespace "${NS}"\n`);
  }, 60_000);
});
