/** helm (scripts/tools.sh) against a real-node cluster, with its own cache and config under the cluster's directory. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as yaml from 'js-yaml';
import { tryRun, type CommandResult } from '../../../../src/local-cluster/real-node/host.js';
import type { RealCluster } from './real-cluster.js';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/** The chart under test. */
export const CHART = join(ROOT, 'deploy', 'helm', 'kubenomad');

let helmBin: string | undefined;

/** Runs helm with `args` against the cluster. */
export function helm(rc: RealCluster, args: string[]): CommandResult {
  helmBin ??= execFileSync('bash', [join(ROOT, 'scripts', 'tools.sh'), 'helm'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const home = join(rc.cluster.dir, 'helm');
  const env = { ...process.env, HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data') };
  return tryRun(helmBin, ['--kubeconfig', rc.cluster.kubeconfigPath, ...args], undefined, env);
}

/** Writes a values file for the locally built operator image (never pulled) and the node's exec image. */
export function writeValues(rc: RealCluster, operatorImage: string): string {
  const [repository, tag] = operatorImage.split(/:(?=[^:]+$)/);
  const values = {
    image: { repository, tag, pullPolicy: 'Never' },
    operator: { extraEnv: [{ name: 'KUBENOMAD_EXEC_IMAGE', value: rc.node.execImage }] },
  };
  const path = join(rc.cluster.dir, 'values.yaml');
  writeFileSync(path, yaml.dump(values));
  return path;
}
