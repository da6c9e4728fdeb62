/**
 * Least privilege: every Kubernetes call site in src/ is in the permission tables of src/operator/rbac.ts,
 * and the Helm chart's ClusterRole and Role grant exactly what those tables require. Also checks that the
 * chart's crds/ are byte-identical copies of deploy/crds.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import * as yaml from 'js-yaml';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CLIENT_CALL_PERMISSIONS, INFORMER_PERMISSIONS, KUBE_API_PERMISSIONS, RAW_CALL_PERMISSIONS, requiredPermissions, tripleKey, type Verb,
} from '../../src/operator/rbac.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHART = join(ROOT, 'deploy/helm/kubenomad');
// Code that never runs in the cluster under the chart's service account: tests, the local control plane,
// and the user-facing CLI commands (`kubenomad run`, `dev`, ... use the user's own credentials).
const NOT_OPERATOR = [/\.test\.ts$/, /^src\/local-cluster\//, /^src\/bench-[a-z0-9-]+\//, /^src\/k8s\/bench\//, /^src\/cli\/(?!main\.ts$)/, /\/testing\//, /^src\/placement\/bench\//, /^src\/crds\/generate\.ts$/];

function sourceFiles(dir = join(ROOT, 'src')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  }).filter((path) => !NOT_OPERATOR.some((re) => re.test(relative(ROOT, path))));
}

/** Method names of every generated API class in @kubernetes/client-node (CoreV1Api, CustomObjectsApi, ...). */
function clientMethodNames(): Set<string> {
  const names = new Set<string>();
  for (const [exported, value] of Object.entries(k8s)) {
    if (!/^[A-Z]\w*Api$/.test(exported) || typeof value !== 'function') continue;
    for (const m of Object.getOwnPropertyNames((value as { prototype: object }).prototype)) if (m !== 'constructor') names.add(m);
  }
  return names;
}

const files = sourceFiles().map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));

describe('the permission tables cover the code', () => {
  it('list every method of the KubeApi interface (src/k8s/api.ts), and nothing else', () => {
    const api = readFileSync(join(ROOT, 'src/k8s/api.ts'), 'utf8');
    const body = /export interface KubeApi \{([\s\S]*?)\n\}/.exec(api)?.[1] ?? '';
    const methods = [...body.matchAll(/^\s+(\w+)(?:<[^>]*>)?\(/gm)].map((m) => m[1]).sort();
    expect(methods.length).toBeGreaterThan(5);
    expect(Object.keys(KUBE_API_PERMISSIONS).sort()).toEqual(methods);
  });

  it('list every client-node API method the operator calls', () => {
    const known = clientMethodNames();
    expect(known.has('createNamespacedPod')).toBe(true);
    const called = new Set<string>();
    for (const f of files.filter((f) => !/src\/k8s\/(raw|objects)\.ts$/.test(f.path))) {
      // Receivers: variables holding a client (`const core = kc.makeApiClient(CoreV1Api)`, `core: CoreV1Api`) and inline clients.
      const clients = [...f.text.matchAll(/(\w+)\s*=\s*\w+\.makeApiClient\(|(\w+)\s*:\s*\w+Api\b/g)].map((m) => m[1] ?? m[2]);
      const receiver = ['makeApiClient\\(\\w+\\)', ...clients].join('|');
      for (const m of f.text.matchAll(new RegExp(`(?:${receiver})\\.(\\w+)\\(`, 'g'))) if (known.has(m[1] ?? '')) called.add(m[1] ?? '');
    }
    const missing = [...called].filter((m) => !(m in CLIENT_CALL_PERMISSIONS));
    expect(missing).toEqual([]);
    const unused = Object.keys(CLIENT_CALL_PERMISSIONS).filter((m) => !called.has(m));
    expect(unused).toEqual([]);
  });

  it('list every exported helper that sends raw requests', () => {
    const helpers = new Set<string>();
    for (const f of files.filter((f) => !/src\/k8s\/(raw|objects)\.ts$/.test(f.path))) {
      for (const chunk of f.text.split(/\n(?=export )/)) {
        const name = /^export (?:async )?function (\w+)/.exec(chunk)?.[1];
        if (name && /\b(rawRequest|applyObjects)\(/.test(chunk)) helpers.add(name);
      }
    }
    expect([...helpers].sort()).toEqual(Object.keys(RAW_CALL_PERMISSIONS).sort());
  });

  it('list every informer path the controllers watch', () => {
    const paths = new Set<string>();
    // Every informer starter (startInformer, and wrappers such as startKindInformer) counts: a file that only calls
    // a wrapper is how the dispatches watch went missing.
    for (const f of files.filter((f) => /start\w*Informer\b/.test(f.text) && !f.path.endsWith('k8s/informer.ts'))) {
      for (const m of f.text.matchAll(/['`](\/apis?\/[^'`]*)['`]/g)) {
        // A namespaced variant (`/namespaces/${ns}/plural`) needs the same list/watch as the cluster-wide path.
        const path = (m[1] ?? '').replace(/\/namespaces\/\$\{[^}]+\}/, '');
        if (/^\/(api\/v1|apis\/[^/]+\/[^/]+)\/[a-z]+$/.test(path)) paths.add(path);
      }
      // The generic kubenomad informer takes the plural as an argument.
      for (const m of f.text.matchAll(/startKindInformer(?:<\w+>)?\([^)]*?'(\w+)'/g)) paths.add(`/apis/kubenomad.io/v1alpha1/${m[1]}`);
    }
    expect([...paths].sort()).toEqual(Object.keys(INFORMER_PERMISSIONS).sort());
  });
});

type Rule = { apiGroups: string[]; resources: string[]; verbs: Verb[]; resourceNames?: string[] };
type Doc = { kind: string; metadata: { name: string }; rules?: Rule[] };

let helm: string;
function renderRbac(set: string[]): string[] {
  const r = spawnSync(helm, ['template', 'kn', CHART, '--namespace', 'kubenomad-system', ...set.flatMap((s) => ['--set', s])], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const docs = yaml.loadAll(r.stdout) as Doc[];
  const out = new Set<string>();
  for (const d of docs.filter((d) => d?.kind === 'ClusterRole' || d?.kind === 'Role')) {
    const scope = d.kind === 'ClusterRole' ? 'cluster' : 'release';
    const triples = (d.rules ?? []).flatMap((rule) =>
      rule.apiGroups.flatMap((group) => rule.resources.flatMap((resource) => rule.verbs.map((verb) => tripleKey({ scope, group, resource, verb })))));
    for (const t of triples) out.add(t);
  }
  return [...out].sort();
}

describe('the chart grants exactly the required permissions', () => {
  beforeAll(() => {
    helm = execFileSync('bash', [join(ROOT, 'scripts/tools.sh'), 'helm'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 600_000 }).trim();
  }, 600_000);

  it.each([
    ['default values (leader election, operator-managed webhook TLS)', [], { leaderElection: true, selfManagedTls: true }],
    ['cert-manager TLS', ['certManager.enabled=true'], { leaderElection: true, selfManagedTls: false }],
    ['no webhook, no leader election', ['webhook.enabled=false', 'leaderElection.enabled=false', 'replicaCount=1'], { leaderElection: false, selfManagedTls: false }],
  ])('%s', (_name, set, options) => {
    expect(renderRbac(set)).toEqual(requiredPermissions(options));
  });

  it('restricts webhook-configuration access to the chart\'s own configurations', () => {
    const r = execFileSync(helm, ['template', 'kn', CHART, '--show-only', 'templates/clusterrole.yaml'], { encoding: 'utf8' });
    const role = (yaml.loadAll(r) as Doc[]).find((d) => d?.kind === 'ClusterRole');
    const admission = role?.rules?.find((rule) => rule.apiGroups.includes('admissionregistration.k8s.io'));
    expect(admission?.resourceNames).toEqual(['kn-kubenomad']);
  });
});

describe('the chart CRDs', () => {
  it('are identical to deploy/crds (the generated source); copy them after `npm run gen:crds`', () => {
    const source = readdirSync(join(ROOT, 'deploy/crds')).filter((f) => f.endsWith('.yaml')).sort();
    const chart = readdirSync(join(CHART, 'crds')).sort();
    expect(chart).toEqual(source);
    for (const f of source) {
      expect({ file: f, text: readFileSync(join(CHART, 'crds', f), 'utf8') }).toEqual({ file: f, text: readFileSync(join(ROOT, 'deploy/crds', f), 'utf8') });
    }
  });
});
