/**
 * What the apiserver needs when a real node joins: a client certificate to reach kubelets (logs, exec), and an
 * audit log of every request made with a ServiceAccount's credentials (Metadata level), from which the e2e
 * suite learns which verbs the running operator really uses.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { issueClientCert, type ControlPlanePki } from '../pki.js';

/** The audit policy: ServiceAccount requests at Metadata level, nothing else. */
export const AUDIT_POLICY = {
  apiVersion: 'audit.k8s.io/v1',
  kind: 'Policy',
  omitStages: ['RequestReceived'],
  rules: [{ level: 'Metadata', userGroups: ['system:serviceaccounts'] }, { level: 'None' }],
};

/** The audit log's path inside the cluster directory. */
export function auditLogPath(clusterDir: string): string {
  return join(clusterDir, 'logs', 'audit.log');
}

/** Writes the audit policy and the apiserver's kubelet client certificate, and returns the extra flags. */
export async function realNodeApiserverArgs(clusterDir: string, pki: ControlPlanePki): Promise<string[]> {
  const policy = join(clusterDir, 'audit-policy.yaml');
  writeFileSync(policy, yaml.dump(AUDIT_POLICY));
  const client = await issueClientCert({ cert: pki.caCert, key: pki.caKey }, 'kube-apiserver-kubelet-client', ['system:masters']);
  const cert = join(clusterDir, 'pki', 'apiserver-kubelet-client.crt');
  const key = join(clusterDir, 'pki', 'apiserver-kubelet-client.key');
  writeFileSync(cert, client.cert);
  writeFileSync(key, client.key, { mode: 0o600 });
  return [
    `--audit-policy-file=${policy}`,
    `--audit-log-path=${auditLogPath(clusterDir)}`,
    '--audit-log-format=json',
    '--audit-log-maxsize=0',
    `--kubelet-client-certificate=${cert}`,
    `--kubelet-client-key=${key}`,
    '--kubelet-preferred-address-types=InternalIP',
  ];
}
