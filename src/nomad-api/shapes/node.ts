/** api.Node and api.NodeListStub from Kubernetes Nodes (fingerprint, capacity and state as the scheduler sees them). */
import type { V1Node } from '@kubernetes/client-node';
import { toPlacementNode } from '../../controllers/cluster/node-adapter.js';
import { indexOf, unixNanos } from './index-of.js';

type Obj = Record<string, unknown>;

/** Set by the drain endpoint while a node drains (its start time): Nomad's `Drain` flag. */
export const DRAIN_ANNOTATION = 'kubenomad.io/drain';

/** Nomad's node status: ready, down (not ready), or initializing (no Ready condition yet). */
function nodeStatus(node: V1Node): string {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  if (!ready) return 'initializing';
  return ready.status === 'True' ? 'ready' : 'down';
}

function address(node: V1Node): string {
  return node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? node.status?.addresses?.[0]?.address ?? '';
}

function nodeResources(node: V1Node): Obj {
  const a = toPlacementNode(node).allocatable;
  return { Cpu: { CpuShares: a.cpu, TotalCpuCores: a.cores }, Memory: { MemoryMB: a.memory }, Disk: { DiskMB: a.disk }, Networks: null, Devices: null, MinDynamicPort: 0, MaxDynamicPort: 0 };
}

/** api.NodeListStub. */
export function nodeListStub(node: V1Node): Obj {
  const placement = toPlacementNode(node);
  const fp = placement.fingerprint;
  const index = indexOf(node);
  return {
    Address: address(node), ID: fp.id, Attributes: fp.attributes, Datacenter: fp.datacenter, Name: fp.name, NodeClass: fp.nodeClass,
    NodePool: fp.nodePool, Version: node.status?.nodeInfo?.kubeletVersion ?? '', Drain: Boolean(node.metadata?.annotations?.[DRAIN_ANNOTATION]),
    SchedulingEligibility: placement.schedulable ? 'eligible' : 'ineligible', Status: nodeStatus(node), StatusDescription: '',
    Drivers: {}, NodeResources: nodeResources(node), ReservedResources: null, LastDrain: null, CreateIndex: index, ModifyIndex: index,
  };
}

/** api.Node. */
export function apiNode(node: V1Node): Obj {
  const stub = nodeListStub(node);
  const fp = toPlacementNode(node).fingerprint;
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  return {
    // No Nomad client agent runs on the node: clients reach allocation files through this API (HTTPAddr empty).
    ID: stub.ID, SecretID: '', Datacenter: stub.Datacenter, Name: stub.Name, HTTPAddr: '', TLSEnabled: false,
    Attributes: stub.Attributes, NodeResources: stub.NodeResources, ReservedResources: null, Resources: null, Reserved: null, Links: {},
    Meta: fp.meta, NodeClass: stub.NodeClass, NodePool: stub.NodePool, CgroupParent: '', Drain: stub.Drain, DrainStrategy: null,
    SchedulingEligibility: stub.SchedulingEligibility, Status: stub.Status, StatusDescription: ready?.message ?? '',
    StatusUpdatedAt: unixNanos(ready?.lastHeartbeatTime ?? ready?.lastTransitionTime) / 1e9, Events: [], Drivers: {}, HostVolumes: null,
    HostNetworks: null, CSIControllerPlugins: null, CSINodePlugins: null, LastDrain: null, CreateIndex: stub.CreateIndex, ModifyIndex: stub.ModifyIndex,
  };
}
