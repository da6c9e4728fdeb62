/**
 * kubelet for the real node: its files under the node's directory, pods under the node's cgroup root
 * (cgroupfs driver; cgroup v1 allowed), serving on the node IP only, and the machine's kernel settings out of its
 * reach: it runs behind an overlay of /proc/sys (isolate.ts) showing the values it insists on, with
 * protectKernelDefaults so it only ever reads them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { isolatedCommand } from './isolate.js';
import { run } from './host.js';
import { startProcess, type ManagedProcess } from '../supervisor.js';

/** The kernel settings kubelet checks (container_manager_linux.go setupKernelTunables) and the values it wants. */
export const KUBELET_SYSCTLS: Record<string, string> = {
  'vm/overcommit_memory': '1',
  'vm/panic_on_oom': '0',
  'kernel/panic': '10',
  'kernel/panic_on_oops': '1',
  'kernel/keys/root_maxkeys': '1000000',
  'kernel/keys/root_maxbytes': '25000000',
};

/** What kubelet is started with. */
export interface KubeletSettings {
  dir: string;
  bin: string;
  nodeName: string;
  nodeIp: string;
  kubeconfig: string;
  caFile: string;
  tls: { cert: string; key: string };
  containerdSocket: string;
  cgroupRoot: string;
  healthzPort: number;
  labels: Record<string, string>;
}

/** The KubeletConfiguration (kubelet.config.k8s.io/v1beta1). */
export function kubeletConfig(s: KubeletSettings, files: { cert: string; key: string; resolv: string }): Record<string, unknown> {
  return {
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    address: s.nodeIp,
    port: 10250,
    readOnlyPort: 0,
    healthzBindAddress: '127.0.0.1',
    healthzPort: s.healthzPort,
    tlsCertFile: files.cert,
    tlsPrivateKeyFile: files.key,
    authentication: { anonymous: { enabled: false }, webhook: { enabled: true }, x509: { clientCAFile: s.caFile } },
    authorization: { mode: 'Webhook' },
    containerRuntimeEndpoint: `unix://${s.containerdSocket}`,
    cgroupDriver: 'cgroupfs',
    cgroupRoot: `/${s.cgroupRoot}`,
    failCgroupV1: false,
    failSwapOn: false,
    // No CAP_SYS_RESOURCE on some machines: kubelet must not lower its own OOM score.
    oomScoreAdj: 0,
    protectKernelDefaults: true,
    podLogsDir: join(s.dir, 'pod-logs'),
    volumePluginDir: join(s.dir, 'volume-plugins'),
    // No DNS server for pods: nothing leaves the machine, and the operator reaches the apiserver by IP.
    resolvConf: files.resolv,
    clusterDomain: 'cluster.local',
    serializeImagePulls: false,
    // A busy CI machine must not evict the suite's pods.
    evictionHard: { 'memory.available': '100Mi', 'nodefs.available': '1%', 'imagefs.available': '1%', 'nodefs.inodesFree': '1%' },
    imageGCHighThresholdPercent: 100,
    imageGCLowThresholdPercent: 99,
    rotateCertificates: false,
    serverTLSBootstrap: false,
    registerNode: true,
    maxPods: 110,
    enforceNodeAllocatable: ['pods'],
    cgroupsPerQOS: true,
    shutdownGracePeriod: '0s',
  };
}

/** Writes kubelet's files and starts it in its own mount namespace, with its root directory shared back. */
export function startKubelet(s: KubeletSettings, logFile: string): ManagedProcess {
  const root = join(s.dir, 'root');
  mkdirSync(root, { recursive: true });
  mkdirSync(join(s.dir, 'pod-logs'), { recursive: true });
  mkdirSync(join(s.dir, 'volume-plugins'), { recursive: true });
  const files = { cert: join(s.dir, 'kubelet.crt'), key: join(s.dir, 'kubelet.key'), resolv: join(s.dir, 'resolv.conf') };
  writeFileSync(files.cert, s.tls.cert);
  writeFileSync(files.key, s.tls.key, { mode: 0o600 });
  writeFileSync(files.resolv, '');
  const config = join(s.dir, 'kubelet.yaml');
  writeFileSync(config, yaml.dump(kubeletConfig(s, files)));
  // Volumes kubelet mounts in its namespace must reach containerd's: a shared bind mount of its root directory.
  run('mount', ['--bind', root, root]);
  run('mount', ['--make-shared', root]);
  const labels = Object.entries(s.labels).map(([k, v]) => `${k}=${v}`).join(',');
  const cmd = isolatedCommand(join(s.dir, 'sysctl'), KUBELET_SYSCTLS, s.bin, [
    `--config=${config}`,
    `--kubeconfig=${s.kubeconfig}`,
    `--root-dir=${root}`,
    `--cert-dir=${join(s.dir, 'pki')}`,
    `--hostname-override=${s.nodeName}`,
    `--node-ip=${s.nodeIp}`,
    `--node-labels=${labels}`,
    '--v=1',
  ]);
  return startProcess('kubelet', cmd.bin, cmd.args, logFile);
}
