/**
 * A NomadJob's `service` blocks → the Kubernetes Services it should have (pure). One Service per service name,
 * selecting the allocations of the service's group (kube-controller-manager's endpointslice controller lists the
 * ready ones), with the service's port by name, tags as labels, meta as annotations, owned by the job.
 */
import type { NomadJob, Service, Task, TaskGroup } from '../../crds/nomadjob-types.js';
import { labelValue } from '../nomadjob/alloc-name.js';
import { GROUP_LABEL, JOB_LABEL, MANAGED_LABEL } from '../nomadjob/labels.js';
import { portName } from '../nomadjob/task-container.js';

/** Label on every Service kubenomad manages (value: the job label). */
export const SERVICE_JOB_LABEL = 'services.kubenomad.io/job';
/** Label prefix of a service tag (value "true"). */
export const TAG_LABEL_PREFIX = 'tags.kubenomad.io/';
/** Annotation prefix of service meta. */
export const META_ANNOTATION_PREFIX = 'meta.kubenomad.io/';
/** Annotation: the Nomad service name, provider and every tag (JSON). */
export const SERVICE_NAME_ANNOTATION = 'kubenomad.io/service-name';
export const SERVICE_PROVIDER_ANNOTATION = 'kubenomad.io/service-provider';
export const SERVICE_TAGS_ANNOTATION = 'kubenomad.io/service-tags';

/** A Service port. */
export interface ServicePort { name: string; port: number; targetPort: string | number; protocol: 'TCP' }

/** The Service manifest kubenomad writes (structurally a client-node V1Service). */
export interface ServiceManifest {
  apiVersion: 'v1';
  kind: 'Service';
  metadata: {
    name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string>;
    ownerReferences: Array<{ apiVersion: string; kind: string; name: string; uid: string; controller: boolean; blockOwnerDeletion: boolean }>;
  };
  spec: { type: 'ClusterIP'; selector: Record<string, string>; ports: ServicePort[] };
}

/** The desired Services and what could not be mapped. */
export interface DesiredServices { services: ServiceManifest[]; warnings: string[] }

/** Nomad's service-name interpolation (the runtime variables a name may use) and its defaults. */
export function serviceName(job: NomadJob, group: TaskGroup, task: Task | undefined, service: Service): string {
  const jobId = job.spec.id ?? job.metadata.name ?? '';
  const vars: Record<string, string> = {
    JOB: jobId, NOMAD_JOB_NAME: job.spec.name ?? jobId, NOMAD_JOB_ID: jobId, TASKGROUP: group.name, NOMAD_GROUP_NAME: group.name,
    TASK: task?.name ?? '', NOMAD_TASK_NAME: task?.name ?? '', BASE: `${jobId}-${group.name}${task ? `-${task.name}` : ''}`,
  };
  const raw = service.name ?? (task ? '${JOB}-${TASKGROUP}-${TASK}' : '${JOB}-${TASKGROUP}');
  return raw.replace(/\$\{([A-Za-z_]+)\}/g, (whole, key: string) => vars[key] ?? whole);
}

/** A name as a Service name (DNS-1035 label: lowercase, '-', starts with a letter, ≤ 63). */
export function dns1035(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '').slice(0, 63).replace(/-+$/, '');
  return cleaned || 'service';
}

/** The Service port of a service block: named after its port label, the port's `to` (else static) number. */
function servicePort(group: TaskGroup, service: Service): ServicePort | string {
  if (service.port === undefined) return 'it has no port';
  if (/^\d+$/.test(service.port)) return { name: 'port', port: Number(service.port), targetPort: Number(service.port), protocol: 'TCP' };
  const port = group.networks?.flatMap((n) => n.ports ?? []).find((p) => p.label === service.port);
  const name = portName(service.port);
  if (!port || !name) return `port "${service.port}" is not a port label of group "${group.name}" usable as a Kubernetes port name`;
  const number = port.to !== undefined && port.to > 0 ? port.to : (port.static ?? 80);
  return { name, port: number, targetPort: name, protocol: 'TCP' };
}

const validLabelName = (s: string): boolean => s.length <= 63 && /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/.test(s);

function manifest(job: NomadJob, group: TaskGroup, name: string, service: Service, port: ServicePort): ServiceManifest {
  const jobLabel = labelValue(job.metadata.name ?? '');
  const labels: Record<string, string> = { [MANAGED_LABEL]: 'true', [SERVICE_JOB_LABEL]: jobLabel };
  for (const tag of service.tags ?? []) if (validLabelName(tag)) labels[`${TAG_LABEL_PREFIX}${tag}`] = 'true';
  const annotations: Record<string, string> = { [SERVICE_NAME_ANNOTATION]: service.name ?? name, [SERVICE_PROVIDER_ANNOTATION]: service.provider ?? 'consul' };
  if (service.tags?.length) annotations[SERVICE_TAGS_ANNOTATION] = JSON.stringify(service.tags);
  for (const [k, v] of Object.entries(service.meta ?? {})) if (validLabelName(k)) annotations[`${META_ANNOTATION_PREFIX}${k}`] = v;
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: {
      name, namespace: job.metadata.namespace ?? 'default', labels, annotations,
      ownerReferences: [{ apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', name: job.metadata.name ?? '', uid: job.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
    },
    spec: { type: 'ClusterIP', selector: { [JOB_LABEL]: jobLabel, [GROUP_LABEL]: labelValue(group.name) }, ports: [port] },
  };
}

/** Adds one service block: a new Service, or another port of one already named so (same group only). */
function add(out: DesiredServices, byName: Map<string, ServiceManifest>, job: NomadJob, group: TaskGroup, task: Task | undefined, service: Service): void {
  const name = dns1035(serviceName(job, group, task, service));
  const port = servicePort(group, service);
  const what = `Service "${service.name ?? name}" of group "${group.name}"`;
  if (typeof port === 'string') return void out.warnings.push(`${what}: ${port}; no Kubernetes Service port`);
  const existing = byName.get(name);
  if (!existing) {
    const created = manifest(job, group, name, service, port);
    byName.set(name, created);
    out.services.push(created);
  } else if (existing.spec.selector[GROUP_LABEL] !== labelValue(group.name)) {
    out.warnings.push(`${what}: Service "${name}" already selects group "${existing.spec.selector[GROUP_LABEL]}"; not created`);
  } else if (!existing.spec.ports.some((p) => p.name === port.name)) existing.spec.ports.push(port);
}

/** The Services a job should have (none while it is stopped or is a periodic/parameterized parent). */
export function desiredServices(job: NomadJob): DesiredServices {
  const out: DesiredServices = { services: [], warnings: [] };
  const parent = job.status?.parent === undefined && (job.spec.periodic !== undefined || job.spec.parameterized !== undefined);
  if (job.spec.stop || parent) return out;
  const byName = new Map<string, ServiceManifest>();
  for (const group of job.spec.groups ?? []) {
    for (const service of group.services ?? []) add(out, byName, job, group, undefined, service);
    for (const task of group.tasks) for (const service of task.services ?? []) add(out, byName, job, group, task, service);
  }
  return out;
}
