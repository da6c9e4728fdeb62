import { describe, expect, it } from '@jest/globals';
import type { V1Node, V1NodeSystemInfo, V1Pod } from '@kubernetes/client-node';
import fc from 'fast-check';
import { dropManagedFields, trimNode, trimPod } from './trim.js';

const managedFields = [{ manager: 'kubectl', operation: 'Apply', fieldsV1: { 'f:spec': {} } }];

/** A pod as the apiserver returns it, with every field the operator reads and many it does not. */
function fullPod(): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-0', namespace: 'jobs', uid: 'u1', resourceVersion: '42', generateName: 'web-', generation: 1,
      labels: { 'kubenomad.io/job': 'web' }, annotations: { 'kubenomad.io/target-node': 'n1' },
      ownerReferences: [{ apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', name: 'web', uid: 'j1', controller: true }],
      creationTimestamp: new Date('2025-01-02T03:04:05Z'), deletionTimestamp: new Date('2025-01-02T03:05:05Z'),
      managedFields,
    },
    spec: {
      nodeName: 'n1', schedulerName: 'kubenomad', serviceAccountName: 'default', restartPolicy: 'Never',
      nodeSelector: { zone: 'a' }, tolerations: [{ key: 'gpu', operator: 'Exists' }],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'k', operator: 'In', values: ['v'] }] }] } } },
      overhead: { cpu: '10m' },
      volumes: [{ name: 'data', emptyDir: {} }],
      containers: [{
        name: 'app', image: 'busybox', command: ['sleep', '1'], env: [{ name: 'A', value: 'b' }],
        resources: { requests: { cpu: '500m', memory: '256Mi' }, limits: { cpu: '1' } }, ports: [{ containerPort: 80, hostPort: 8080 }],
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
      }],
      initContainers: [{ name: 'sidecar', image: 'envoy', restartPolicy: 'Always', resources: { requests: { cpu: '100m' } }, args: ['-c'] }],
    },
    status: {
      phase: 'Running', podIP: '10.0.0.1', hostIP: '192.168.0.1', qosClass: 'Burstable',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{
        name: 'app', restartCount: 2, ready: true, image: 'busybox', imageID: 'sha256:x', containerID: 'containerd://y', started: true,
        state: { running: { startedAt: new Date('2025-01-02T03:04:06Z') } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: new Date('2025-01-02T03:04:05Z') } },
      }],
    },
  };
}

describe('trimPod', () => {
  it('keeps what the operator reads and nothing else', () => {
    expect(trimPod(fullPod())).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'web-0', namespace: 'jobs', uid: 'u1', resourceVersion: '42',
        labels: { 'kubenomad.io/job': 'web' }, annotations: { 'kubenomad.io/target-node': 'n1' },
        ownerReferences: [{ apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', name: 'web', uid: 'j1', controller: true }],
        creationTimestamp: new Date('2025-01-02T03:04:05Z'), deletionTimestamp: new Date('2025-01-02T03:05:05Z'),
      },
      spec: {
        nodeName: 'n1', schedulerName: 'kubenomad', nodeSelector: { zone: 'a' }, tolerations: [{ key: 'gpu', operator: 'Exists' }],
        affinity: fullPod().spec?.affinity, overhead: { cpu: '10m' },
        containers: [{ name: 'app', resources: { requests: { cpu: '500m', memory: '256Mi' }, limits: { cpu: '1' } }, ports: [{ containerPort: 80, hostPort: 8080 }] }],
        initContainers: [{ name: 'sidecar', restartPolicy: 'Always', resources: { requests: { cpu: '100m' } } }],
      },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [{
          name: 'app', restartCount: 2, ready: true,
          state: { running: { startedAt: new Date('2025-01-02T03:04:06Z') } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: new Date('2025-01-02T03:04:05Z') } },
        }],
      },
    });
  });

  it('leaves absent fields absent (no undefined keys)', () => {
    const trimmed = trimPod({ metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }] } });
    expect(trimmed).toStrictEqual({ metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }] } });
  });

  it('never mutates its input', () => {
    const pod = fullPod();
    trimPod(pod);
    expect(pod).toEqual(fullPod());
  });

  it('is idempotent on any pod shape', () => {
    const pod = fc.record({
      metadata: fc.option(fc.record({ name: fc.string(), labels: fc.dictionary(fc.string(), fc.string()), managedFields: fc.constant(managedFields) }, { requiredKeys: [] }), { nil: undefined }),
      spec: fc.option(fc.record({
        nodeName: fc.string(), hostNetwork: fc.boolean(),
        containers: fc.array(fc.record({ name: fc.string(), image: fc.string(), resources: fc.record({ requests: fc.dictionary(fc.constantFrom('cpu', 'memory'), fc.string()) }) }, { requiredKeys: ['name'] })),
      }, { requiredKeys: ['containers'] }), { nil: undefined }),
      status: fc.option(fc.record({ phase: fc.constantFrom('Pending', 'Running'), podIP: fc.string() }, { requiredKeys: [] }), { nil: undefined }),
    }, { requiredKeys: [] });
    fc.assert(fc.property(pod, (p) => {
      const once = trimPod(p as V1Pod);
      expect(trimPod(once)).toStrictEqual(once);
      expect(once.metadata?.managedFields).toBeUndefined();
    }));
  });
});

describe('trimNode', () => {
  const node = (): V1Node => ({
    metadata: { name: 'n1', labels: { zone: 'a' }, annotations: { 'kwok.x-k8s.io/node': 'fake' }, managedFields },
    spec: { taints: [{ key: 'gpu', effect: 'NoSchedule' }], unschedulable: false },
    status: {
      allocatable: { cpu: '4', memory: '8Gi' }, capacity: { cpu: '4' },
      conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kernelVersion: '6.1' } as V1NodeSystemInfo,
      images: [{ names: ['busybox'], sizeBytes: 1 }], volumesInUse: ['v'], volumesAttached: [{ name: 'v', devicePath: '/dev/x' }],
    },
  });

  it('drops managedFields, images and volume lists, and keeps the rest', () => {
    const trimmed = trimNode(node());
    const { images: _i, volumesInUse: _u, volumesAttached: _a, ...status } = node().status!;
    expect(trimmed).toStrictEqual({ ...node(), metadata: { name: 'n1', labels: { zone: 'a' }, annotations: { 'kwok.x-k8s.io/node': 'fake' } }, status });
  });

  it('never mutates its input', () => {
    const n = node();
    trimNode(n);
    expect(n).toEqual(node());
  });
});

describe('dropManagedFields', () => {
  it('removes only metadata.managedFields', () => {
    const job = { apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'web', managedFields }, spec: { type: 'batch' } };
    expect(dropManagedFields(job)).toStrictEqual({ apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'web' }, spec: { type: 'batch' } });
  });

  it('returns an object without managedFields as it is', () => {
    const job = { metadata: { name: 'web' } };
    expect(dropManagedFields(job)).toBe(job);
  });
});
