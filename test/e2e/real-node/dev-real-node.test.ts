/** `kubenomad dev --real-node`: the local control plane plus a real node; a job runs real containers; Ctrl-C puts the machine back. */
import { expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKubeConfig } from '../../../src/k8s/kubeconfig.js';
import { captureHost, guardedSysctls, hostDifferences } from '../../../src/local-cluster/real-node/host-state.js';
import { liveOtherOwner } from '../../../src/local-cluster/real-node/teardown.js';
import { waitFor } from '../../../src/local-cluster/readiness.js';
import { createJob } from '../support/jobs.js';
import { ROOT } from './support/helm.js';
import { describeRealNode } from './support/real-cluster.js';
import { httpGet, httpdJob, podsOf, waitJob } from './support/workloads.js';

describeRealNode('kubenomad dev --real-node', () => {
  it('runs the operator against a real node whose job serves HTTP, then stops and leaves the machine as it was', async () => {
    // dev refuses when another process runs a real node: wait for the machine to be free first.
    await waitFor('no other real node on this machine', async () => liveOtherOwner() === undefined, 15 * 60_000, 2000);
    const before = captureHost();
    const sysctls = guardedSysctls();
    const dir = mkdtempSync(join(tmpdir(), 'kubenomad-dev-real-'));
    // No exec image given: dev points exec tasks at the node's own busybox image.
    const env: NodeJS.ProcessEnv = { ...process.env, KUBECONFIG: '' };
    delete env.KUBENOMAD_EXEC_IMAGE;
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'kubenomad.js'), 'dev', '--real-node', '--dir', dir], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    try {
      await waitFor('kubenomad dev to be up', async () => out.includes('local control plane is up') || (child.exitCode !== null ? `exited: ${out}` : false), 300_000, 500);
      const node = /Real node:\s+(\S+) \(node IP (\S+),/.exec(out);
      expect(node).not.toBeNull();
      const [, name, ip] = node!;
      const kc = loadKubeConfig(join(dir, 'kubeconfig'));
      await createJob(kc, 'default', 'web', httpdJob());
      await waitJob(kc, 'default', 'web', 'running', (j) => j.status?.running === 1);
      const [pod] = await podsOf(kc, 'default', 'web');
      expect(pod?.spec?.nodeName).toBe(name);
      const port = pod?.spec?.containers[0]?.ports?.[0]?.hostPort;
      let page = { status: 0, body: '' };
      await waitFor('httpd answering', async () => (page = await httpGet(`http://${ip}:${port}/`)).status === 200 || page.body, 30_000, 500);
      expect(page.body).toContain(`NOMAD_PORT_http=${port}`);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    expect(out).not.toContain('the machine is not as the real node found it');
    expect(hostDifferences(before)).toEqual([]);
    expect(guardedSysctls()).toEqual(sysctls);
    rmSync(dir, { recursive: true, force: true });
  }, 1_300_000);
});
