/**
 * One real node for the local control plane: containerd + runc, kubelet, kube-proxy and a CNI bridge on this
 * machine, next to (or instead of) the kwok nodes. Pipeline:
 *
 *   claim the machine (one real node; clean up after a dead one) → snapshot the host → bridge + cgroup root
 *   → containerd (+ images imported) → apiserver gateway + `kubernetes` EndpointSlice → kubelet → kube-proxy
 *   → node Ready, fingerprint annotations, Service rules in place
 *
 * `stop()` takes everything down in reverse and returns how the machine still differs from the snapshot
 * (empty when it is as it was). The control plane must run with `realNodeClusterOptions`.
 */
import { CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKubeConfig, renderKubeconfig } from '../../k8s/kubeconfig.js';
import { issueClientCert, issueServingCert } from '../pki.js';
import { freePorts } from '../ports.js';
import { waitFor } from '../readiness.js';
import type { LocalCluster, LocalClusterOptions } from '../local-cluster.js';
import type { ManagedProcess } from '../supervisor.js';
import { publishApiserverEndpoint, startApiserverGateway } from './apiserver-access.js';
import { realNodeApiserverArgs } from './apiserver-flags.js';
import { createCgroupRoot } from './cgroups.js';
import { containerdConfig, containerdPaths, importImages, startContainerd } from './containerd.js';
import { machineNodeName, realNodeLabels } from './fingerprint.js';
import { captureHost } from './host-state.js';
import { imageOf, type RealNodeInstall } from './install.js';
import { iptablesSave } from './iptables.js';
import { startKubeProxy } from './kube-proxy.js';
import { startKubelet } from './kubelet.js';
import { createBridge, defaultPodNetwork, writeCniConfig, type PodNetwork } from './network.js';
import { claimMachine, takeDown, writeRecord, type NodeRecord } from './teardown.js';

/** The Service CIDR of the local control plane (its apiserver flag). */
const SERVICE_CIDR = '10.0.0.0/24';
/** The cgroup (in every hierarchy) that holds the node's pods. */
const CGROUP_ROOT = 'kubenomad-real-node';

/** kube-controller-manager controllers ordinary workloads (the Helm chart) need. */
export const REAL_NODE_CONTROLLERS = ['deployment-controller', 'replicaset-controller', 'disruption-controller'];

/** Control-plane options a real node needs: kube-scheduler, workload controllers, audit and kubelet-client flags. */
export function realNodeClusterOptions(): Pick<LocalClusterOptions, 'apiserverArgs' | 'extraControllers' | 'kubeScheduler'> {
  return { apiserverArgs: realNodeApiserverArgs, extraControllers: REAL_NODE_CONTROLLERS, kubeScheduler: true };
}

/** Options of a real node. */
export interface RealNodeOptions {
  install: RealNodeInstall;
  /** Node name; the machine's hostname by default. */
  name?: string;
  datacenter?: string;
  nodeClass?: string;
  meta?: Record<string, string>;
  log?: (line: string) => void;
  readyTimeoutMs?: number;
  /** How long to wait for another process's real node to stop before refusing (default 0: refuse at once). */
  waitForMachineMs?: number;
}

/** A running real node. */
export interface RealNode {
  name: string;
  /** The node IP: the pod bridge's address, where pods, hostPorts and the apiserver gateway are reached. */
  ip: string;
  network: PodNetwork;
  /** The image exec/raw_exec tasks should run in (KUBENOMAD_EXEC_IMAGE). */
  execImage: string;
  /** containerd's socket (for `ctr --address`). */
  containerdSocket: string;
  processes: ManagedProcess[];
  /** Stops the node and puts the machine back; returns what still differs (empty: as it was). */
  stop(): Promise<string[]>;
}

/** The files and certificates of the node's two clients: kubelet (system:node:<name>) and kube-proxy. */
async function writeClientConfigs(cluster: LocalCluster, dir: string, name: string): Promise<{ kubelet: string; proxy: string }> {
  const ca = { cert: cluster.pki.caCert, key: cluster.pki.caKey };
  const configs = { kubelet: join(dir, 'kubelet', 'kubeconfig'), proxy: join(dir, 'kube-proxy', 'kubeconfig') };
  const kubelet = await issueClientCert(ca, `system:node:${name}`, ['system:nodes']);
  const proxy = await issueClientCert(ca, 'system:kube-proxy', []);
  const render = (c: { cert: string; key: string }): string => renderKubeconfig({ server: cluster.server, caCert: ca.cert, clientCert: c.cert, clientKey: c.key });
  writeFileSync(configs.kubelet, render(kubelet), { mode: 0o600 });
  writeFileSync(configs.proxy, render(proxy), { mode: 0o600 });
  return configs;
}

async function waitReady(kc: KubeConfig, name: string, processes: ManagedProcess[], timeoutMs: number): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  await waitFor(`node ${name} to be Ready`, async () => {
    const dead = processes.find((p) => !p.isRunning());
    if (dead) throw new Error(`${dead.name} exited; see ${dead.logFile}`);
    try {
      const node = await core.readNode({ name });
      const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
      return ready?.status === 'True' || `Ready=${ready?.status}: ${ready?.message ?? ''}`;
    } catch {
      return 'not registered yet';
    }
  }, timeoutMs, 500);
  // Pods reach the apiserver through the `kubernetes` Service: wait for kube-proxy to have its rules.
  await waitFor('kube-proxy rules for the kubernetes Service', async () => iptablesSave('ipv4').includes('default/kubernetes:https'), timeoutMs, 500);
}

async function annotate(kc: KubeConfig, name: string, annotations: Record<string, string>): Promise<void> {
  if (Object.keys(annotations).length === 0) return;
  const body = { metadata: { annotations } };
  await kc.makeApiClient(CoreV1Api).patchNode({ name, body }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
}

/** The steps after the host snapshot; every process started is pushed to `processes` as it starts. */
async function bringUp(cluster: LocalCluster, o: RealNodeOptions, record: NodeRecord, processes: ManagedProcess[]): Promise<void> {
  const { dir, network: net } = record;
  const log = o.log ?? (() => undefined);
  const name = o.name ?? machineNodeName();
  const logs = join(cluster.dir, 'logs');
  const [closedPort, healthz, proxyHealthz, proxyMetrics] = await freePorts(4);
  const apiPort = Number(new URL(cluster.server).port);
  createBridge(net);
  createCgroupRoot(CGROUP_ROOT);
  const cniConf = writeCniConfig(net, join(dir, 'cni'));
  const cd = containerdPaths(join(dir, 'containerd'));
  const pause = imageOf(o.install, 'pause');
  if (!pause) throw new Error('The real node needs the pause image (scripts/real-node.sh install)');
  processes.push(await startContainerd(cd, containerdConfig(cd, cniConf, o.install.cniBin, pause), join(logs, 'containerd.log'), closedPort!));
  importImages(cd, Object.values(o.install.images));
  processes.push(startApiserverGateway(net.gateway, apiPort, join(logs, 'apiserver-gateway.log')));
  const kc = loadKubeConfig(cluster.kubeconfigPath);
  await publishApiserverEndpoint(kc, net.gateway, apiPort);
  mkdirSync(join(dir, 'kubelet'), { recursive: true });
  mkdirSync(join(dir, 'kube-proxy'), { recursive: true });
  const clients = await writeClientConfigs(cluster, dir, name);
  const tls = await issueServingCert({ cert: cluster.pki.caCert, key: cluster.pki.caKey }, [name], [net.gateway]);
  const { labels, annotations } = realNodeLabels({ name, datacenter: o.datacenter ?? 'dc1', nodeClass: o.nodeClass ?? '', meta: o.meta ?? {} });
  processes.push(startKubelet({
    dir: join(dir, 'kubelet'), bin: join(o.install.bin, 'kubelet'), nodeName: name, nodeIp: net.gateway,
    kubeconfig: clients.kubelet, caFile: join(cluster.dir, 'pki', 'ca.crt'), tls, containerdSocket: cd.socket,
    cgroupRoot: CGROUP_ROOT, healthzPort: healthz!, labels,
  }, join(logs, 'kubelet.log')));
  processes.push(startKubeProxy({
    dir: join(dir, 'kube-proxy'), bin: join(o.install.bin, 'kube-proxy'), nodeName: name, nodeIp: net.gateway,
    podCidr: net.podCidr, kubeconfig: clients.proxy, ports: { healthz: proxyHealthz!, metrics: proxyMetrics! },
  }, join(logs, 'kube-proxy.log')));
  await waitReady(kc, name, processes, o.readyTimeoutMs ?? 120_000);
  await annotate(kc, name, annotations);
  log(`Real node ${name} is Ready (node IP ${net.gateway}, pods ${net.podCidr}, logs ${logs})`);
}

/** Starts a real node for `cluster` (started with `realNodeClusterOptions()`). */
export async function startRealNode(cluster: LocalCluster, options: RealNodeOptions): Promise<RealNode> {
  const log = options.log ?? (() => undefined);
  for (const problem of await claimMachine(log, options.waitForMachineMs)) log(`  ${problem}`);
  const dir = join(cluster.dir, 'real-node');
  mkdirSync(dir, { recursive: true });
  const record: NodeRecord = {
    ownerPid: process.pid, dir, network: defaultPodNetwork(SERVICE_CIDR), cgroupRoot: CGROUP_ROOT,
    containerdSocket: containerdPaths(join(dir, 'containerd')).socket, snapshot: captureHost(),
  };
  writeRecord(record);
  const processes: ManagedProcess[] = [];
  const stop = async (): Promise<string[]> => {
    for (const p of [...processes].reverse()) await p.stop();
    return takeDown(record);
  };
  try {
    await bringUp(cluster, options, record, processes);
  } catch (err) {
    const left = await stop();
    const suffix = left.length > 0 ? `; after cleanup the machine still differs: ${left.join('; ')}` : '';
    throw new Error(`Cannot start the real node: ${(err as Error).message}${suffix}`, { cause: err });
  }
  const execImage = imageOf(options.install, 'busybox') ?? '';
  const name = options.name ?? machineNodeName();
  return { name, ip: record.network.gateway, network: record.network, execImage, containerdSocket: record.containerdSocket, processes, stop };
}
