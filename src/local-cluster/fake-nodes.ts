/** Fake nodes for kwok: realistic allocatable and Nomad fingerprint labels (see src/crds/node-labels.ts). */
import type { V1Node } from '@kubernetes/client-node';
import { CPU_MHZ_KEY, labelsForFingerprint } from '../crds/node-labels.js';

/** What a test or `kubenomad dev` asks of one fake node. */
export interface FakeNodeSpec {
  name: string;
  datacenter?: string;
  nodeClass?: string;
  nodePool?: string;
  /** CPU cores (allocatable), default 4. */
  cpuCores?: number;
  /** CPU clock in MHz, Nomad's cpu.frequency fingerprint; default 2400. */
  cpuMhz?: number;
  /** Memory in MiB, default 8192. */
  memoryMiB?: number;
  pods?: number;
  ephemeralStorageGiB?: number;
  /** Extra extended resources, e.g. { 'nvidia.com/gpu': '2' }. */
  extendedResources?: Record<string, string>;
  /** Nomad client meta (`${meta.*}`). */
  meta?: Record<string, string>;
  /** Extra Nomad attributes (`${attr.*}`). */
  attributes?: Record<string, string>;
  labels?: Record<string, string>;
  taints?: Array<{ key: string; value?: string; effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' }>;
  unschedulable?: boolean;
}

/** Annotation kwok selects the nodes it manages by. */
export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';

/** Builds the Node object for a fake node. */
export function fakeNode(spec: FakeNodeSpec): V1Node {
  const cores = spec.cpuCores ?? 4;
  const mhz = spec.cpuMhz ?? 2400;
  const kernel = '6.1.0-kwok';
  const { labels, annotations } = labelsForFingerprint({
    name: spec.name,
    datacenter: spec.datacenter ?? 'dc1',
    nodeClass: spec.nodeClass ?? '',
    nodePool: spec.nodePool ?? 'default',
    attributes: {
      'unique.hostname': spec.name,
      'kernel.name': 'linux',
      'cpu.arch': 'amd64',
      'kernel.version': kernel,
      'os.name': 'debian',
      'cpu.numcores': String(cores),
      'cpu.frequency': String(mhz),
      'cpu.totalcompute': String(cores * mhz),
      'driver.docker': '1',
      'driver.exec': '1',
      'driver.raw_exec': '1',
      ...spec.attributes,
    },
    meta: spec.meta ?? {},
  });
  const resources: Record<string, string> = {
    cpu: String(cores),
    memory: `${spec.memoryMiB ?? 8192}Mi`,
    pods: String(spec.pods ?? 110),
    'ephemeral-storage': `${spec.ephemeralStorageGiB ?? 100}Gi`,
    ...spec.extendedResources,
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: spec.name,
      labels: { ...labels, [CPU_MHZ_KEY]: String(mhz), type: 'kwok', ...spec.labels },
      annotations: { ...annotations, [KWOK_NODE_ANNOTATION]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: { taints: spec.taints, unschedulable: spec.unschedulable },
    status: {
      capacity: resources,
      allocatable: resources,
      nodeInfo: {
        architecture: 'amd64',
        bootID: '',
        containerRuntimeVersion: 'kwok',
        kernelVersion: kernel,
        kubeProxyVersion: 'kwok',
        kubeletVersion: 'kwok',
        machineID: '',
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        systemUUID: '',
      },
      phase: 'Pending',
    },
  };
}

/** The default fake cluster of `kubenomad dev`: 6 nodes across two datacenters, like seed 001's two AZs. */
export function defaultDevNodes(): FakeNodeSpec[] {
  const dcs = ['dc1', 'dc2'];
  return Array.from({ length: 6 }, (_, i) => ({
    name: `kubenomad-node-${i + 1}`,
    datacenter: dcs[i % 2],
    nodeClass: i < 4 ? 'general' : 'highmem',
    cpuCores: 4,
    memoryMiB: i < 4 ? 8192 : 16384,
    meta: { rack: `r${Math.floor(i / 2) + 1}` },
  }));
}
