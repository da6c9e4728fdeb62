/**
 * Minimal Pod manifest types the renderer produces: the subset of core/v1 Pod kubenomad writes, as plain JSON
 * (structurally assignable to client-node's V1Pod). Free-form pieces from the kubernetes extension stay records.
 */
import type { Probe } from './probes.js';

/** A container environment variable: a value or a downward-API field reference. */
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef: { fieldPath: string } };
}

/** A container port; `hostPort` is the port placement allocated on the node. */
export interface ContainerPort {
  name?: string;
  containerPort: number;
  hostPort?: number;
  protocol?: 'TCP' | 'UDP';
}

/** Resource requests and limits as Kubernetes quantities. */
export interface ResourceRequirements {
  requests?: Record<string, string>;
  limits?: Record<string, string>;
}

/** A container volume mount. */
export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  subPath?: string;
}

/** A container (init containers use `restartPolicy: Always` to be sidecars). */
export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env?: EnvVar[];
  ports?: ContainerPort[];
  resources?: ResourceRequirements;
  volumeMounts?: Array<VolumeMount | Record<string, unknown>>;
  securityContext?: Record<string, unknown>;
  restartPolicy?: 'Always';
  readinessProbe?: Probe;
  livenessProbe?: Probe;
}

/** A pod volume (emptyDir for the Nomad directories; anything from the kubernetes extension). */
export type Volume = { name: string; emptyDir?: { medium?: string } } | Record<string, unknown>;

/** The pod spec kubenomad renders. */
export interface PodSpec {
  schedulerName: string;
  /** Set at create when the operator binds by node name (one write); absent when it binds through pods/binding. */
  nodeName?: string;
  restartPolicy: 'Always' | 'OnFailure' | 'Never';
  terminationGracePeriodSeconds?: number;
  initContainers?: Container[];
  containers: Container[];
  volumes?: Volume[];
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  tolerations?: Array<Record<string, unknown>>;
  imagePullSecrets?: Array<{ name: string }>;
  securityContext?: Record<string, unknown>;
  nodeSelector?: Record<string, string>;
  priorityClassName?: string;
  dnsConfig?: { nameservers?: string[]; searches?: string[]; options?: Array<{ name: string; value?: string }> };
}

/** An owner reference to the NomadJob. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller: boolean;
  blockOwnerDeletion: boolean;
}

/** An allocation pod. */
export interface PodManifest {
  apiVersion: 'v1';
  kind: 'Pod';
  metadata: {
    name: string;
    namespace?: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    ownerReferences: OwnerReference[];
  };
  spec: PodSpec;
}
