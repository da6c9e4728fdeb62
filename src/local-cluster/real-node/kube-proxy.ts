/**
 * kube-proxy for the real node (iptables mode): Service IPs, the `kubernetes` Service included, reach pods and
 * the apiserver's gateway listener. Configured to touch no kernel setting (conntrack limits and timeouts left as
 * they are, no localhost NodePorts so no route_localnet, OOM score unchanged) and run behind a /proc/sys overlay
 * holding the machine's own values, so a write would change nothing anyway.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { readSysctl } from './host-state.js';
import { isolatedCommand } from './isolate.js';
import { startProcess, type ManagedProcess } from '../supervisor.js';

/** Network sysctls kube-proxy could write; it sees their current values in files of its own. */
const PROXY_SYSCTLS = [
  'net/ipv4/conf/all/route_localnet', 'net/netfilter/nf_conntrack_max', 'net/netfilter/nf_conntrack_tcp_timeout_established',
  'net/netfilter/nf_conntrack_tcp_timeout_close_wait', 'net/netfilter/nf_conntrack_tcp_be_liberal',
  'net/netfilter/nf_conntrack_udp_timeout', 'net/netfilter/nf_conntrack_udp_timeout_stream',
];

/** What kube-proxy is started with. */
export interface KubeProxySettings {
  dir: string;
  bin: string;
  nodeName: string;
  nodeIp: string;
  podCidr: string;
  kubeconfig: string;
  ports: { healthz: number; metrics: number };
}

/** The KubeProxyConfiguration (kubeproxy.config.k8s.io/v1alpha1). */
export function kubeProxyConfig(s: KubeProxySettings): Record<string, unknown> {
  return {
    apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
    kind: 'KubeProxyConfiguration',
    clientConnection: { kubeconfig: s.kubeconfig },
    hostnameOverride: s.nodeName,
    bindAddress: s.nodeIp,
    healthzBindAddress: `127.0.0.1:${s.ports.healthz}`,
    metricsBindAddress: `127.0.0.1:${s.ports.metrics}`,
    mode: 'iptables',
    clusterCIDR: s.podCidr,
    detectLocalMode: 'ClusterCIDR',
    nodePortAddresses: [`${s.nodeIp}/32`],
    oomScoreAdj: 0,
    conntrack: { maxPerCore: 0, min: 0, tcpEstablishedTimeout: '0s', tcpCloseWaitTimeout: '0s', udpTimeout: '0s', udpStreamTimeout: '0s' },
    iptables: { localhostNodePorts: false, masqueradeAll: false, syncPeriod: '30s', minSyncPeriod: '1s' },
  };
}

/** Writes kube-proxy's configuration and starts it behind the sysctl overlay. */
export function startKubeProxy(s: KubeProxySettings, logFile: string): ManagedProcess {
  const config = join(s.dir, 'kube-proxy.yaml');
  writeFileSync(config, yaml.dump(kubeProxyConfig(s)));
  const current: Record<string, string> = {};
  for (const name of PROXY_SYSCTLS) {
    const value = readSysctl(name);
    if (value !== undefined) current[name] = value;
  }
  const cmd = isolatedCommand(join(s.dir, 'sysctl-proxy'), current, s.bin, [`--config=${config}`, '--v=1']);
  return startProcess('kube-proxy', cmd.bin, cmd.args, logFile);
}
