/**
 * A real local Kubernetes control plane on loopback: etcd, kube-apiserver (TLS, client-cert auth, RBAC,
 * service-account signing), kube-controller-manager (garbage collection, namespaces, node lifecycle,
 * service accounts) and kwok (fake nodes and pod lifecycles). Used by the e2e tests and `kubenomad dev`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveAssets, type ControlPlaneAssets } from './assets.js';
import { kwokStagesYaml } from './kwok-stages.js';
import { generateControlPlanePki, type ControlPlanePki } from './pki.js';
import { freePorts } from './ports.js';
import { probe, waitFor, type ClientTls } from './readiness.js';
import { startProcess, type ManagedProcess } from './supervisor.js';
import { renderKubeconfig } from '../k8s/kubeconfig.js';

/** Options for starting the local control plane. */
export interface LocalClusterOptions {
  /** Directory for data, certs, logs and the kubeconfig; a fresh temp dir by default. */
  dir?: string;
  /** Where to write the admin kubeconfig; `<dir>/kubeconfig` by default. */
  kubeconfigPath?: string;
  /** Start kwok (fake nodes and pods); default true. */
  kwok?: boolean;
  /** kwok runs bound pods (Ready, completion, failure, deletion); default true. When false, pods stay as bound (the bench). */
  kwokRunsPods?: boolean;
  /** Start kube-controller-manager; default true. */
  controllerManager?: boolean;
  /** Remove the directory on stop (default: true when `dir` was not given). */
  removeOnStop?: boolean;
  log?: (line: string) => void;
  startTimeoutMs?: number;
  /** Extra kube-apiserver flags, made once the directory and PKI exist (a real node adds audit and kubelet-client flags). */
  apiserverArgs?: (dir: string, pki: ControlPlanePki) => Promise<string[]>;
  /** kube-controller-manager controllers beyond the default set (a real node runs Deployments and Services). */
  extraControllers?: string[];
  /** Start kube-scheduler, for pods that do not name kubenomad as their scheduler (default false). */
  kubeScheduler?: boolean;
}

/** A running local control plane. */
export interface LocalCluster {
  dir: string;
  server: string;
  kubeconfigPath: string;
  assets: ControlPlaneAssets;
  pki: ControlPlanePki;
  processes: ManagedProcess[];
  stop(): Promise<void>;
}

const CONTROLLERS = [
  'garbage-collector-controller',
  'namespace-controller',
  'node-lifecycle-controller',
  'serviceaccount-controller',
  'serviceaccount-token-controller',
  'pod-garbage-collector-controller',
  'root-ca-certificate-publisher-controller',
  // Services kubenomad creates for `service` blocks get their EndpointSlices (the ready allocations) from here.
  'endpointslice-controller',
];

function writeFiles(dir: string, pki: ControlPlanePki, kwokRunsPods: boolean): Record<string, string> {
  const files: Record<string, string> = {
    caCert: join(dir, 'pki', 'ca.crt'),
    caKey: join(dir, 'pki', 'ca.key'),
    serverCert: join(dir, 'pki', 'apiserver.crt'),
    serverKey: join(dir, 'pki', 'apiserver.key'),
    saPub: join(dir, 'pki', 'sa.pub'),
    saKey: join(dir, 'pki', 'sa.key'),
    kwokConfig: join(dir, 'kwok.yaml'),
  };
  mkdirSync(join(dir, 'pki'), { recursive: true });
  mkdirSync(join(dir, 'logs'), { recursive: true });
  writeFileSync(files.caCert!, pki.caCert);
  writeFileSync(files.caKey!, pki.caKey, { mode: 0o600 });
  writeFileSync(files.serverCert!, pki.serverCert);
  writeFileSync(files.serverKey!, pki.serverKey, { mode: 0o600 });
  writeFileSync(files.saPub!, pki.serviceAccountPublicKey);
  writeFileSync(files.saKey!, pki.serviceAccountPrivateKey, { mode: 0o600 });
  writeFileSync(files.kwokConfig!, kwokStagesYaml(kwokRunsPods));
  return files;
}

function apiserverArgs(f: Record<string, string>, etcdUrl: string, port: number, dir: string): string[] {
  return [
    `--etcd-servers=${etcdUrl}`,
    `--cert-dir=${join(dir, 'pki')}`,
    `--tls-cert-file=${f.serverCert}`,
    `--tls-private-key-file=${f.serverKey}`,
    `--client-ca-file=${f.caCert}`,
    `--secure-port=${port}`,
    '--bind-address=127.0.0.1',
    '--endpoint-reconciler-type=none',
    '--service-cluster-ip-range=10.0.0.0/24',
    '--allow-privileged=true',
    '--authorization-mode=Node,RBAC',
    `--service-account-issuer=https://127.0.0.1:${port}`,
    `--service-account-key-file=${f.saPub}`,
    `--service-account-signing-key-file=${f.saKey}`,
    '--max-requests-inflight=1000',
    '--max-mutating-requests-inflight=500',
    '--profiling=false',
  ];
}

async function startEtcd(a: ControlPlaneAssets, dir: string, ports: number[], timeoutMs: number): Promise<{ proc: ManagedProcess; url: string }> {
  const [client, peer] = ports;
  const url = `http://127.0.0.1:${client}`;
  const proc = startProcess('etcd', a.etcd, [
    `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=${url}`,
    `--advertise-client-urls=${url}`,
    `--listen-peer-urls=http://127.0.0.1:${peer}`,
    `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
    `--initial-cluster=default=http://127.0.0.1:${peer}`,
    '--unsafe-no-fsync=true',
    '--log-level=warn',
  ], join(dir, 'logs', 'etcd.log'));
  await waitFor('etcd /health', async () => {
    if (!proc.isRunning()) throw new Error(`etcd exited; see ${proc.logFile}`);
    const r = await probe(`${url}/health`);
    return r.status === 200 || r.body;
  }, timeoutMs);
  return { proc, url };
}

/** kube-controller-manager, kube-scheduler and kwok, as the options ask, once the apiserver answers. */
function startAddOns(options: LocalClusterOptions, assets: ControlPlaneAssets, files: Record<string, string>, kubeconfigPath: string, dir: string): ManagedProcess[] {
  const processes: ManagedProcess[] = [];
  if (options.controllerManager ?? true) {
    processes.push(startProcess('kube-controller-manager', assets.kubeControllerManager, [
      `--kubeconfig=${kubeconfigPath}`,
      `--authentication-kubeconfig=${kubeconfigPath}`,
      `--authorization-kubeconfig=${kubeconfigPath}`,
      '--leader-elect=false',
      '--secure-port=0',
      `--controllers=${[...CONTROLLERS, ...(options.extraControllers ?? [])].join(',')}`,
      `--service-account-private-key-file=${files.saKey}`,
      `--root-ca-file=${files.caCert}`,
      '--use-service-account-credentials=false',
      '--kube-api-qps=200',
      '--kube-api-burst=400',
    ], join(dir, 'logs', 'kube-controller-manager.log')));
  }
  if (options.kubeScheduler) {
    processes.push(startProcess('kube-scheduler', assets.kubeScheduler, [
      `--kubeconfig=${kubeconfigPath}`,
      `--authentication-kubeconfig=${kubeconfigPath}`,
      `--authorization-kubeconfig=${kubeconfigPath}`,
      '--leader-elect=false',
      '--secure-port=0',
    ], join(dir, 'logs', 'kube-scheduler.log')));
  }
  if (options.kwok ?? true) {
    processes.push(startProcess('kwok', assets.kwok, [
      `--kubeconfig=${kubeconfigPath}`,
      '--manage-all-nodes=false',
      '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
      `--config=${files.kwokConfig}`,
      '--node-lease-duration-seconds=40',
      '--cidr=10.244.0.0/16',
    ], join(dir, 'logs', 'kwok.log')));
  }
  return processes;
}

/** Starts etcd, kube-apiserver, kube-controller-manager and kwok, and writes an admin kubeconfig. */
export async function startLocalCluster(options: LocalClusterOptions = {}): Promise<LocalCluster> {
  const log = options.log ?? (() => undefined);
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const assets = resolveAssets(log);
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'kubenomad-cluster-'));
  mkdirSync(dir, { recursive: true });
  const pki = await generateControlPlanePki();
  const files = writeFiles(dir, pki, options.kwokRunsPods ?? true);
  const kubeconfigPath = options.kubeconfigPath ?? join(dir, 'kubeconfig');
  const processes: ManagedProcess[] = [];
  const removeOnStop = options.removeOnStop ?? options.dir === undefined;
  const stopProcesses = async (): Promise<void> => {
    for (const p of [...processes].reverse()) await p.stop();
  };
  const stop = async (): Promise<void> => {
    await stopProcesses();
    if (removeOnStop) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [etcdClient, etcdPeer, apiPort] = await freePorts(3);
    const etcd = await startEtcd(assets, dir, [etcdClient!, etcdPeer!], timeoutMs);
    processes.push(etcd.proc);
    const server = `https://127.0.0.1:${apiPort}`;
    const extraArgs = options.apiserverArgs ? await options.apiserverArgs(dir, pki) : [];
    const api = startProcess('kube-apiserver', assets.kubeApiserver, [...apiserverArgs(files, etcd.url, apiPort!, dir), ...extraArgs], join(dir, 'logs', 'kube-apiserver.log'));
    processes.push(api);
    const tls: ClientTls = { ca: pki.caCert, cert: pki.adminCert, key: pki.adminKey };
    await waitFor('kube-apiserver /readyz', async () => {
      if (!api.isRunning()) throw new Error(`kube-apiserver exited; see ${api.logFile}`);
      const r = await probe(`${server}/readyz`, tls);
      return r.status === 200 || `${r.status} ${r.body.slice(0, 300)}`;
    }, timeoutMs);
    writeFileSync(kubeconfigPath, renderKubeconfig({ server, caCert: pki.caCert, clientCert: pki.adminCert, clientKey: pki.adminKey }), { mode: 0o600 });
    processes.push(...startAddOns(options, assets, files, kubeconfigPath, dir));
    log(`Local control plane ready: ${server} (kubeconfig ${kubeconfigPath}, logs ${join(dir, 'logs')})`);
    return { dir, server, kubeconfigPath, assets, pki, processes, stop };
  } catch (err) {
    // Keep the directory: its logs say why the start failed.
    await stopProcesses();
    throw new Error(`${(err as Error).message} (logs in ${join(dir, 'logs')})`, { cause: err });
  }
}
