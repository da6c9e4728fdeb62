/** `kubenomad dev` brings up its own local cluster with fake nodes and the CRDs, and stops it cleanly. */
import { describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../../src/local-cluster/readiness.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

function kubectl(kubeconfig: string, args: string[]): string {
  const bin = process.env.KUBENOMAD_E2E_KUBECTL ?? 'kubectl';
  const r = spawnSync(bin, ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function processesUsing(dir: string): string[] {
  const r = spawnSync('pgrep', ['-af', dir], { encoding: 'utf8' });
  return (r.stdout ?? '').split('\n').filter((l) => l.trim() && !l.includes('pgrep'));
}

describe('kubenomad dev', () => {
  it('starts a cluster whose fake nodes and CRDs kubectl can list, then stops with no stray processes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubenomad-dev-e2e-'));
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'kubenomad.js'), 'dev', '--nodes', '4', '--dir', dir], {
      cwd: ROOT,
      env: { ...process.env, KUBECONFIG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    try {
      await waitFor('kubenomad dev to print its kubeconfig', async () => out.includes('local control plane is up') || (child.exitCode !== null ? `exited: ${out}` : false), 120_000, 500);
      const kubeconfig = /Kubeconfig:\s+(\S+)/.exec(out)?.[1];
      expect(kubeconfig).toBe(join(dir, 'kubeconfig'));
      await waitFor('4 Ready nodes', async () => {
        const nodes = kubectl(kubeconfig!, ['get', 'nodes', '--no-headers']);
        return nodes.trim().split('\n').filter((l) => / Ready /.test(l)).length === 4 || nodes;
      }, 60_000, 500);
      const nodes = kubectl(kubeconfig!, ['get', 'nodes', '-L', 'kubenomad.io/datacenter', '--no-headers']);
      expect(nodes).toContain('dc1');
      expect(nodes).toContain('dc2');
      const crds = kubectl(kubeconfig!, ['get', 'crd', '-o', 'name']);
      for (const crd of ['nomadjobs', 'dispatches', 'periodics']) expect(crds).toContain(`${crd}.kubenomad.io`);
      await waitFor('the operator connected', async () => out.includes('connected to Kubernetes') && /serving \/metrics/.test(out), 60_000, 500);
      // The product works end to end: the seed 001 job runs, and raw HCL is translated on admission.
      // The banner's first steps work as printed: every example applies in one go (the parameterized job before its
      // Dispatch), batch examples finish on the fake nodes, and the metrics server is on loopback.
      expect(out).toContain('npx kubenomad status example');
      expect(out).toMatch(/"host":"127\.0\.0\.1".*serving \/metrics/);
      kubectl(kubeconfig!, ['apply', '-f', join(ROOT, 'examples')]);
      await waitFor('the example job running', async () => {
        const pods = kubectl(kubeconfig!, ['get', 'pods', '-l', 'kubenomad.io/job=example', '--no-headers']);
        return /Running/.test(pods) || pods;
      }, 60_000, 500);
      await waitFor('the batch example complete', async () => {
        const pods = kubectl(kubeconfig!, ['get', 'pods', '-l', 'kubenomad.io/job=processors', '--no-headers']);
        return (pods.match(/Completed/g) ?? []).length === 12 || pods;
      }, 90_000, 1000);
      const hello = JSON.parse(kubectl(kubeconfig!, ['get', 'nomadjob', 'hello', '-o', 'json'])) as { spec: { hcl?: string; groups?: Array<{ name: string; count: number }> } };
      expect(hello.spec.hcl).toBeUndefined();
      expect(hello.spec.groups?.[0]).toMatchObject({ name: 'web', count: 2 });
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    await waitFor('control plane processes gone', async () => processesUsing(dir).length === 0 || processesUsing(dir).join('\n'), 20_000, 500);
    rmSync(dir, { recursive: true, force: true });
  }, 200_000);
});
