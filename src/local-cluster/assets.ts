/**
 * Finds the control-plane binaries: KUBEBUILDER_ASSETS / TEST_ASSET_* (envtest-compatible) first,
 * then the cache that scripts/build-control-plane.sh fills from the Go module proxy (building on first use).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Paths of the binaries the local control plane runs. */
export interface ControlPlaneAssets {
  etcd: string;
  kubeApiserver: string;
  kubeControllerManager: string;
  kubeScheduler: string;
  kubectl: string;
  kwok: string;
}

const BINARIES: Record<keyof ControlPlaneAssets, { file: string; env?: string }> = {
  etcd: { file: 'etcd', env: 'TEST_ASSET_ETCD' },
  kubeApiserver: { file: 'kube-apiserver', env: 'TEST_ASSET_KUBE_APISERVER' },
  kubeControllerManager: { file: 'kube-controller-manager', env: 'TEST_ASSET_KUBE_CONTROLLER_MANAGER' },
  kubeScheduler: { file: 'kube-scheduler', env: 'TEST_ASSET_KUBE_SCHEDULER' },
  kubectl: { file: 'kubectl', env: 'TEST_ASSET_KUBECTL' },
  kwok: { file: 'kwok', env: 'TEST_ASSET_KWOK' },
};

/** The repository (or installed package) root, where scripts/ lives. */
export function packageRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

function fromEnvironment(key: keyof ControlPlaneAssets): string | undefined {
  const spec = BINARIES[key];
  const explicit = spec.env ? process.env[spec.env] : undefined;
  if (explicit && existsSync(explicit)) return explicit;
  const dir = process.env.KUBEBUILDER_ASSETS;
  if (dir && existsSync(join(dir, spec.file))) return join(dir, spec.file);
  return undefined;
}

/** Runs the build script (a no-op when the cache is complete) and returns the cache's bin directory. */
export function buildControlPlane(log: (line: string) => void = () => undefined): string {
  const script = join(packageRoot(), 'scripts', 'build-control-plane.sh');
  log(`Preparing the Kubernetes control plane binaries (${script}); the first build takes 10-25 minutes.`);
  const out = execFileSync('bash', [script], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 20 });
  const lines = out.trim().split('\n');
  return join(lines[lines.length - 1] ?? '', 'bin');
}

/** Resolves every binary, building the missing ones into the cache. */
export function resolveAssets(log?: (line: string) => void): ControlPlaneAssets {
  const keys = Object.keys(BINARIES) as Array<keyof ControlPlaneAssets>;
  const found = Object.fromEntries(keys.map((k) => [k, fromEnvironment(k)])) as Partial<ControlPlaneAssets>;
  if (keys.some((k) => found[k] === undefined)) {
    const bin = buildControlPlane(log);
    for (const k of keys) found[k] ??= join(bin, BINARIES[k].file);
  }
  return found as ControlPlaneAssets;
}
