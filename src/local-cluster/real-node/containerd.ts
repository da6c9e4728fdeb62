/**
 * containerd for the real node: every directory (root, state, runc root, netns mounts, CNI config) under the
 * node's own directory, a socket of its own, OOM score adjustments restricted (this machine may lack
 * CAP_SYS_RESOURCE), and registry traffic sent to a closed loopback port: images come only from `ctr images
 * import`, a missing one fails at once and nothing leaves the machine.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tryRun, which } from './host.js';
import { waitFor } from '../readiness.js';
import { startProcess, type ManagedProcess } from '../supervisor.js';

/** Where containerd keeps its files and socket. */
export interface ContainerdPaths {
  dir: string;
  socket: string;
  config: string;
  runcRoot: string;
}

/** containerd's paths under `dir`. */
export function containerdPaths(dir: string): ContainerdPaths {
  return { dir, socket: join(dir, 'containerd.sock'), config: join(dir, 'config.toml'), runcRoot: join(dir, 'runc') };
}

/** containerd's configuration (version 2, containerd 1.6 and 1.7). */
export function containerdConfig(p: ContainerdPaths, cniConfDir: string, cniBinDir: string, sandboxImage: string): string {
  const cri = 'plugins."io.containerd.grpc.v1.cri"';
  return `version = 2
root = "${join(p.dir, 'root')}"
state = "${join(p.dir, 'state')}"
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs"]

[grpc]
  address = "${p.socket}"

# Unused, but the tasks service (and so the CRI plugin) needs it; its runc state stays under our directory too.
[plugins."io.containerd.runtime.v1.linux"]
  runtime_root = "${join(p.dir, 'runc-v1')}"

[plugins."io.containerd.internal.v1.opt"]
  path = "${join(p.dir, 'opt')}"

[${cri}]
  sandbox_image = "${sandboxImage}"
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  enable_unprivileged_icmp = true
  enable_unprivileged_ports = true
  [${cri}.cni]
    bin_dir = "${cniBinDir}"
    conf_dir = "${cniConfDir}"
  [${cri}.containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [${cri}.containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [${cri}.containerd.runtimes.runc.options]
        SystemdCgroup = false
        BinaryName = "${which('runc') ?? 'runc'}"
        Root = "${p.runcRoot}"
  [${cri}.registry]
    config_path = "${join(p.dir, 'certs.d')}"
`;
}

/** Starts containerd and waits for its socket to answer. */
export async function startContainerd(p: ContainerdPaths, config: string, logFile: string, closedPort: number): Promise<ManagedProcess> {
  mkdirSync(join(p.dir, 'certs.d'), { recursive: true });
  writeFileSync(p.config, config);
  const proxy = `http://127.0.0.1:${closedPort}`;
  const env = { ...process.env, HTTP_PROXY: proxy, HTTPS_PROXY: proxy, http_proxy: proxy, https_proxy: proxy, NO_PROXY: '', no_proxy: '' };
  const proc = startProcess('containerd', which('containerd') ?? 'containerd', ['--config', p.config], logFile, env);
  await waitFor('containerd to answer on its socket', async () => {
    if (!proc.isRunning()) throw new Error(`containerd exited; see ${logFile}`);
    return existsSync(p.socket) && tryRun('ctr', ['--address', p.socket, 'version']).status === 0;
  }, 30_000, 200);
  return proc;
}

/** Imports docker-archive images into the namespace kubelet uses. */
export function importImages(p: ContainerdPaths, archives: string[]): void {
  for (const archive of archives) {
    const r = tryRun('ctr', ['--address', p.socket, '-n', 'k8s.io', 'images', 'import', archive]);
    if (r.status !== 0) throw new Error(`Cannot import image ${archive} into containerd: ${r.stderr.trim()}`);
  }
}
