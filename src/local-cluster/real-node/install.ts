/**
 * The real node's prerequisites, through scripts/real-node.sh: whether this machine can run one at all (one
 * line saying why not), and installing what it needs (Debian packages, kubelet and kube-proxy built like the
 * control plane, locally built images).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../assets.js';

/** What `real-node.sh install` provides. */
export interface RealNodeInstall {
  /** Directory with kubelet, kube-proxy and the control plane binaries. */
  bin: string;
  /** CNI plugin directory. */
  cniBin: string;
  /** Image name → docker-archive path. */
  images: Record<string, string>;
}

const script = (): string => join(packageRoot(), 'scripts', 'real-node.sh');

/** Why this machine cannot run a real node (kernel or privileges), in one line; undefined when it can. */
export function realNodeUnavailable(): string | undefined {
  if (process.platform !== 'linux') return `the real node needs Linux (this is ${process.platform})`;
  const r = spawnSync('bash', [script(), 'check'], { encoding: 'utf8' });
  if (r.status === 0) return undefined;
  return r.stdout.trim().split('\n')[0] || `scripts/real-node.sh check failed: ${r.stderr.trim()}`;
}

/** Parses `key=value` lines of `real-node.sh install`. */
export function parseInstallOutput(text: string): RealNodeInstall {
  const install: RealNodeInstall = { bin: '', cniBin: '', images: {} };
  for (const line of text.split('\n')) {
    const [key, ...rest] = line.split('=');
    const value = rest.join('=');
    if (key === 'bin') install.bin = value;
    else if (key === 'cni') install.cniBin = value;
    else if (key === 'image' && rest.length >= 2) install.images[rest[0] ?? ''] = rest.slice(1).join('=');
  }
  if (!install.bin || !install.cniBin) throw new Error(`Unexpected output of scripts/real-node.sh install: ${text}`);
  return install;
}

/**
 * Installs what the real node needs (a no-op when everything is cached); `withOperator` also builds the operator
 * image from the Dockerfile. Logs stream to stderr.
 */
export function installRealNode(withOperator: boolean, log: (line: string) => void = () => undefined): RealNodeInstall {
  log('Preparing the real node (Debian packages, kubelet and kube-proxy, images); the first time takes several minutes.');
  const r = spawnSync('bash', [script(), 'install', ...(withOperator ? ['all'] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`scripts/real-node.sh install failed (exit ${r.status})`);
  return parseInstallOutput(r.stdout);
}

/** The image of a kind (`pause`, `busybox`, `node`, `kubenomad`) among the installed ones. */
export function imageOf(install: RealNodeInstall, kind: string): string | undefined {
  return Object.keys(install.images).find((name) => name.startsWith(`localhost/kubenomad/${kind}:`));
}
