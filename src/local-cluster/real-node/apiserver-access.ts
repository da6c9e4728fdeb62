/**
 * How pods reach the apiserver, which listens on loopback only: socat listens on the node IP (the pod bridge's
 * address) at the apiserver's port and forwards to 127.0.0.1, and the `kubernetes` Service gets an
 * EndpointSlice naming that address, so kube-proxy sends the in-cluster address (10.0.0.1:443) there. The
 * apiserver's certificate already names 10.0.0.1.
 */
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { applyObjects } from '../../k8s/objects.js';
import { which } from './host.js';
import { startProcess, type ManagedProcess } from '../supervisor.js';

/** The field manager of the EndpointSlice. */
const MANAGER = 'real-node.kubenomad.io';

/** Starts the gateway listener `gateway:port` → `127.0.0.1:port`. */
export function startApiserverGateway(gateway: string, port: number, logFile: string): ManagedProcess {
  const socat = which('socat') ?? 'socat';
  return startProcess('apiserver-gateway', socat, [`TCP-LISTEN:${port},bind=${gateway},fork,reuseaddr`, `TCP:127.0.0.1:${port}`], logFile);
}

/** The EndpointSlice of the `kubernetes` Service: the gateway address at the apiserver's port. */
export function kubernetesEndpointSlice(gateway: string, port: number): KubernetesObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { 'kubernetes.io/service-name': 'kubernetes', 'endpointslice.kubernetes.io/managed-by': MANAGER },
    },
    addressType: 'IPv4',
    endpoints: [{ addresses: [gateway], conditions: { ready: true } }],
    ports: [{ name: 'https', port, protocol: 'TCP' }],
  } as KubernetesObject;
}

/** Publishes the `kubernetes` Service's endpoint (the apiserver runs with --endpoint-reconciler-type=none). */
export async function publishApiserverEndpoint(kc: KubeConfig, gateway: string, port: number): Promise<void> {
  await applyObjects(kc, [kubernetesEndpointSlice(gateway, port)], MANAGER);
}
