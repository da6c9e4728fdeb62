import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as yaml from 'js-yaml';
import {
  ATTR_PREFIX,
  CPU_MHZ_KEY,
  DATACENTER_LABEL,
  DEFAULT_NODE_POOL,
  fingerprintOf,
  isLabelValue,
  META_PREFIX,
  NODE_CLASS_LABEL,
  NODE_POOL_LABEL,
} from '../../src/crds/node-labels.js';

// The fields kind's v1alpha4 Cluster accepts (sigs.k8s.io/kind/pkg/apis/config/v1alpha4/types.go).
type Check = (value: unknown, path: string) => string[];
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const scalar = (type: 'string' | 'number' | 'boolean'): Check => (v, p) => (typeof v === type ? [] : [`${p}: want ${type}`]);
const oneOf = (...values: string[]): Check => (v, p) => (values.includes(v as string) ? [] : [`${p}: want one of ${values.join('|')}, got ${String(v)}`]);
const listOf = (item: Check): Check => (v, p) => (Array.isArray(v) ? v.flatMap((x, i) => item(x, `${p}[${i}]`)) : [`${p}: want a list`]);
const mapOf = (key: Check, value: Check): Check => (v, p) =>
  isRecord(v) ? Object.entries(v).flatMap(([k, x]) => [...key(k, `${p} key`), ...value(x, `${p}.${k}`)]) : [`${p}: want a map`];
const object = (fields: Record<string, Check>, required: string[] = []): Check => (v, p) => {
  if (!isRecord(v)) return [`${p}: want an object`];
  const unknown = Object.keys(v).filter((k) => !(k in fields)).map((k) => `${p}.${k}: unknown field`);
  const missing = required.filter((k) => v[k] === undefined).map((k) => `${p}.${k}: required`);
  const nested = Object.entries(v).flatMap(([k, x]) => fields[k]?.(x, `${p}.${k}`) ?? []);
  return [...unknown, ...missing, ...nested];
};

const LABEL_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const labelKey: Check = (v, p) => (typeof v === 'string' && LABEL_NAME.test(v) && v.length <= 316 ? [] : [`${p}: invalid label key ${String(v)}`]);
const labelValue: Check = (v, p) => (typeof v === 'string' && isLabelValue(v) ? [] : [`${p}: invalid label value ${String(v)}`]);
const port: Check = (v, p) => (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 65535 ? [] : [`${p}: want a port`]);
const patches = listOf(scalar('string'));
const patchesJson6902 = listOf(object({ group: scalar('string'), version: scalar('string'), kind: scalar('string'), patch: scalar('string') }));

const nodeCheck = object(
  {
    role: oneOf('control-plane', 'worker'),
    image: scalar('string'),
    labels: mapOf(labelKey, labelValue),
    extraMounts: listOf(
      object({ containerPath: scalar('string'), hostPath: scalar('string'), readOnly: scalar('boolean'), selinuxRelabel: scalar('boolean'), propagation: oneOf('None', 'HostToContainer', 'Bidirectional') }),
    ),
    extraPortMappings: listOf(object({ containerPort: port, hostPort: port, listenAddress: scalar('string'), protocol: oneOf('TCP', 'UDP', 'SCTP') })),
    kubeadmConfigPatches: patches,
    kubeadmConfigPatchesJSON6902: patchesJson6902,
  },
  ['role'],
);

const clusterCheck = object(
  {
    kind: oneOf('Cluster'),
    apiVersion: oneOf('kind.x-k8s.io/v1alpha4'),
    name: scalar('string'),
    nodes: listOf(nodeCheck),
    networking: object({
      ipFamily: oneOf('ipv4', 'ipv6', 'dual'),
      apiServerPort: scalar('number'),
      apiServerAddress: scalar('string'),
      podSubnet: scalar('string'),
      serviceSubnet: scalar('string'),
      disableDefaultCNI: scalar('boolean'),
      kubeProxyMode: oneOf('iptables', 'ipvs', 'nftables', 'none'),
      dnsSearch: listOf(scalar('string')),
    }),
    featureGates: mapOf(scalar('string'), scalar('boolean')),
    runtimeConfig: mapOf(scalar('string'), scalar('string')),
    kubeadmConfigPatches: patches,
    kubeadmConfigPatchesJSON6902: patchesJson6902,
    containerdConfigPatches: patches,
    containerdConfigPatchesJSON6902: patches,
  },
  ['kind', 'apiVersion'],
);

interface KindNode { role: string; labels?: Record<string, string> }
const config = yaml.load(readFileSync(fileURLToPath(new URL('../../kind-config.yaml', import.meta.url)), 'utf8')) as { nodes: KindNode[] };
const workers = config.nodes.filter((n) => n.role === 'worker');

describe('kind-config.yaml', () => {
  it('is a valid kind v1alpha4 Cluster', () => {
    expect(clusterCheck(config, 'cluster')).toEqual([]);
  });

  it('the checker rejects what kind would reject', () => {
    expect(clusterCheck({ kind: 'Cluster', apiVersion: 'kind.x-k8s.io/v1alpha4', nodes: [{ role: 'master', labels: { 'a b': 'x' } }], extra: 1 }, 'c')).toEqual([
      'c.extra: unknown field',
      'c.nodes[0].role: want one of control-plane|worker, got master',
      'c.nodes[0].labels key: invalid label key a b',
    ]);
  });

  it('has one control plane and at least three workers', () => {
    expect(config.nodes.filter((n) => n.role === 'control-plane')).toHaveLength(1);
    expect(workers.length).toBeGreaterThanOrEqual(3);
  });

  it('labels workers into two datacenters with the node-labels.ts keys', () => {
    expect(new Set(workers.map((n) => n.labels?.[DATACENTER_LABEL]))).toEqual(new Set(['dc1', 'dc2']));
    for (const node of workers) {
      expect(node.labels?.[NODE_CLASS_LABEL]).toBeTruthy();
      expect(Number(node.labels?.[CPU_MHZ_KEY])).toBeGreaterThan(0);
      expect(Object.keys(node.labels ?? {}).some((k) => k.startsWith(META_PREFIX))).toBe(true);
    }
  });

  it('uses only fingerprint labels that node-labels.ts reads', () => {
    const known = new Set([DATACENTER_LABEL, NODE_CLASS_LABEL, NODE_POOL_LABEL]);
    const keys = config.nodes.flatMap((n) => Object.keys(n.labels ?? {}));
    expect(keys.filter((k) => !known.has(k) && !k.startsWith(ATTR_PREFIX) && !k.startsWith(META_PREFIX))).toEqual([]);
  });

  it('gives workers the fingerprint the labels describe', () => {
    const fp = fingerprintOf({ name: 'w', labels: workers[0]?.labels ?? {} });
    expect([fp.datacenter, fp.nodeClass, fp.nodePool, fp.attributes['cpu.frequency'], fp.meta['rack']]).toEqual(['dc1', 'general', 'default', '2400', 'r1']);
  });

  it('keeps the control plane out of the default node pool', () => {
    // Read through fingerprintOf: a node without the pool label is in "default", so a missing label must fail.
    const controlPlane = config.nodes.find((n) => n.role === 'control-plane');
    if (!controlPlane) throw new Error('kind-config.yaml has no control-plane node');
    expect(fingerprintOf({ name: 'cp', labels: controlPlane.labels ?? {} }).nodePool).not.toBe(DEFAULT_NODE_POOL);
    expect(workers.map((n) => fingerprintOf({ name: 'w', labels: n.labels ?? {} }).nodePool)).toEqual(workers.map(() => DEFAULT_NODE_POOL));
  });
});
