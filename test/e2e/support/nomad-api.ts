/** Helpers of the Nomad API e2e tests: ServiceAccount tokens with and without RBAC, the Go conformance binary. */
import { CoreV1Api, RbacAuthorizationV1Api, type KubeConfig } from '@kubernetes/client-node';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { toApiError } from '../../../src/k8s/objects.js';

async function ignoreConflict(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (toApiError(err).code !== 409) throw err;
  }
}

/** A ServiceAccount and a TokenRequest token for it. */
export async function serviceAccountToken(kc: KubeConfig, namespace: string, name: string): Promise<string> {
  const core = kc.makeApiClient(CoreV1Api);
  await ignoreConflict(core.createNamespacedServiceAccount({ namespace, body: { metadata: { name } } }));
  const r = await core.createNamespacedServiceAccountToken({ name, namespace, body: { spec: { audiences: [], expirationSeconds: 3600 } } });
  if (!r.status?.token) throw new Error(`No token for ${namespace}/${name}`);
  return r.status.token;
}

/** What a Nomad API user needs: NomadJobs and Dispatches, secrets (variables) and pods in `namespace`; nodes and namespaces to read. */
export async function grantNomadApiUser(kc: KubeConfig, namespace: string, sa: string): Promise<void> {
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  const name = `nomad-api-user-${namespace}`;
  await ignoreConflict(rbac.createNamespacedRole({ namespace, body: { metadata: { name }, rules: [
    { apiGroups: ['kubenomad.io'], resources: ['nomadjobs', 'dispatches'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
    { apiGroups: [''], resources: ['pods', 'secrets'], verbs: ['get', 'list', 'watch', 'create', 'update', 'delete'] },
    { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
  ] } }));
  await ignoreConflict(rbac.createNamespacedRoleBinding({ namespace, body: { metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name }, subjects: [{ kind: 'ServiceAccount', name: sa, namespace }] } }));
  await ignoreConflict(rbac.createClusterRole({ body: { metadata: { name }, rules: [
    { apiGroups: [''], resources: ['nodes', 'pods', 'namespaces'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['nodes'], verbs: ['patch'] },
    { apiGroups: ['kubenomad.io'], resources: ['nomadjobs'], verbs: ['list'] }, // `?namespace=*`
  ] } }));
  await ignoreConflict(rbac.createClusterRoleBinding({ body: { metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name }, subjects: [{ kind: 'ServiceAccount', name: sa, namespace }] } }));
}

/** Removes the cluster-scoped grants of `grantNomadApiUser`. */
export async function revokeNomadApiUser(kc: KubeConfig, namespace: string): Promise<void> {
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  const name = `nomad-api-user-${namespace}`;
  await rbac.deleteClusterRoleBinding({ name }).catch(() => undefined);
  await rbac.deleteClusterRole({ name }).catch(() => undefined);
}

/** Why the Go suite cannot run here, or undefined when Go is installed. */
export function goMissing(): string | undefined {
  const r = spawnSync('go', ['version'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : 'Go is not installed: the Nomad API conformance suite (test/conformance) needs it';
}

/** Builds test/conformance into the tool cache (Go's build cache there too, as scripts/tools.sh does); returns the binary. */
export function buildConformance(): string {
  const cache = join(process.env.KUBENOMAD_CACHE ?? join(homedir(), '.cache', 'kubenomad'), 'tools');
  mkdirSync(cache, { recursive: true });
  // One binary per checkout: worktrees building their own suite side by side do not run each other's.
  const out = join(cache, `nomad-api-conformance-${createHash('sha256').update(resolve('test/conformance')).digest('hex').slice(0, 8)}`);
  const env = { ...process.env, GOFLAGS: '-mod=mod', CGO_ENABLED: '0', GOCACHE: process.env.GOCACHE ?? join(cache, '..', 'go-build') };
  const r = spawnSync('go', ['test', '-c', '-o', out, '.'], { cwd: resolve('test/conformance'), env, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0 || !existsSync(out)) throw new Error(`Cannot build test/conformance: ${r.stderr || r.stdout}`);
  return out;
}
