import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isolatedCommand } from './isolate.js';
import { KUBELET_SYSCTLS, kubeletConfig, type KubeletSettings } from './kubelet.js';

describe('isolatedCommand', () => {
  it('runs the program in a new mount namespace behind one file per sysctl, holding the value it shall read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kn-isolate-'));
    try {
      const cmd = isolatedCommand(dir, { 'kernel/panic': '10' }, '/bin/kubelet', ['--v=1']);
      expect(cmd.bin).toBe('unshare');
      expect(cmd.args.slice(0, 4)).toEqual(['--mount', '--propagation', 'unchanged', '--']);
      expect(cmd.args.slice(-4)).toEqual([`${join(dir, 'kernel.panic')}=kernel/panic`, '--', '/bin/kubelet', '--v=1']);
      expect(readFileSync(join(dir, 'kernel.panic'), 'utf8')).toBe('10\n');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

describe('kubeletConfig', () => {
  it('only reads kernel settings (protectKernelDefaults) and keeps its OOM score, on cgroup v1 too', () => {
    const s = { dir: '/d', nodeIp: '10.99.0.1', caFile: '/ca', containerdSocket: '/c.sock', cgroupRoot: 'kn', healthzPort: 1 } as KubeletSettings;
    expect(kubeletConfig(s, { cert: 'c', key: 'k', resolv: 'r' })).toMatchObject({
      protectKernelDefaults: true, oomScoreAdj: 0, failCgroupV1: false, cgroupDriver: 'cgroupfs', cgroupRoot: '/kn', address: '10.99.0.1',
    });
    // The values kubelet insists on (pkg/kubelet/cm/container_manager_linux.go setupKernelTunables).
    expect(KUBELET_SYSCTLS).toEqual({
      'vm/overcommit_memory': '1', 'vm/panic_on_oom': '0', 'kernel/panic': '10', 'kernel/panic_on_oops': '1',
      'kernel/keys/root_maxkeys': '1000000', 'kernel/keys/root_maxbytes': '25000000',
    });
  });
});
