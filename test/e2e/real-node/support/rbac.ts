/**
 * RBAC from reality for the real-node suite: what the operator's ServiceAccount requested during the suite
 * (the apiserver's audit log) against what the chart, rendered with the suite's values, grants.
 */
import { readFileSync } from 'node:fs';
import * as yaml from 'js-yaml';
import { accessKey, accessesOf, ungranted, unused, type GrantedRules, type PolicyRule } from '../../../../src/local-cluster/real-node/audit.js';
import { auditLogPath } from '../../../../src/local-cluster/real-node/apiserver-flags.js';
import { CHART, helm } from './helm.js';
import type { RealCluster } from './real-cluster.js';

/** Paths every authenticated client may read through the default discovery roles. */
const DISCOVERY = /^\/(version|api|apis|openapi|healthz|livez|readyz)(\/|$)/;

/** What the check found. */
export interface RbacReport {
  /** Audit events of the operator's ServiceAccount. */
  requests: number;
  /** Distinct (verb, group, resource) requested. */
  used: number;
  ungranted: string[];
  unused: string[];
  unexpectedNonResource: string[];
}

interface RbacDoc {
  kind: string;
  metadata: { namespace?: string };
  rules?: PolicyRule[];
}

/** The ClusterRole and Role rules the chart renders with these values. */
export function chartGrants(rc: RealCluster, values: string, namespace: string, release: string): GrantedRules[] {
  const r = helm(rc, ['template', release, CHART, '-n', namespace, '-f', values]);
  if (r.status !== 0) throw new Error(`helm template: ${r.stderr}`);
  const docs = yaml.loadAll(r.stdout).filter((d): d is RbacDoc => d !== null && typeof d === 'object');
  return docs
    .filter((d) => d.kind === 'ClusterRole' || d.kind === 'Role')
    .map((d) => ({ rules: d.rules ?? [], namespace: d.kind === 'Role' ? (d.metadata.namespace ?? namespace) : undefined }));
}

/** Checks every request of `system:serviceaccount:<namespace>:<release>` against the chart's grants. */
export function checkOperatorRbac(rc: RealCluster, values: string, o: { namespace: string; release: string }): RbacReport {
  const grants = chartGrants(rc, values, o.namespace, o.release);
  const log = readFileSync(auditLogPath(rc.cluster.dir), 'utf8');
  const { resources, nonResources } = accessesOf(log, `system:serviceaccount:${o.namespace}:${o.release}`);
  return {
    requests: resources.length + nonResources.length,
    used: new Set(resources.map(accessKey)).size,
    ungranted: ungranted(grants, resources),
    unused: unused(grants, resources),
    unexpectedNonResource: [...new Set(nonResources.filter((n) => !DISCOVERY.test(n.path)).map((n) => `${n.verb} ${n.path}`))],
  };
}
