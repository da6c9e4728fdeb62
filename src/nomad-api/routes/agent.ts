/** /v1/status/leader, /v1/status/peers, /v1/regions, /v1/agent/self, /v1/namespaces, /v1/metrics. */
import { paths } from '../cluster.js';
import type { ApiReply, ApiRequest } from '../context.js';
import { errors } from '../errors.js';
import { applyListParams } from '../listing.js';
import { indexOf, maxIndex } from '../shapes/index-of.js';
import { kubeNamespace, nomadNamespace } from '../shapes/namespaces.js';

/** The Nomad version kubenomad's API answers as (the API generation it follows). */
export const NOMAD_API_VERSION = '1.9.0';

/** GET /v1/status/leader: every replica serves the API, so this server is the answer. */
export async function leader(req: ApiRequest): Promise<ApiReply> {
  return { body: req.settings.advertise };
}

/** GET /v1/status/peers. */
export async function peers(req: ApiRequest): Promise<ApiReply> {
  return { body: [req.settings.advertise] };
}

/** GET /v1/regions. */
export async function regions(req: ApiRequest): Promise<ApiReply> {
  return { body: [req.settings.region] };
}

/** GET /v1/agent/self: the caller's token is checked (a namespaces list as the caller) before the agent describes itself. */
export async function agentSelf(req: ApiRequest): Promise<ApiReply> {
  await req.cluster.find(`${paths.namespaces()}/${encodeURIComponent(req.settings.ns.defaultNamespace)}`);
  const [host, port] = req.settings.advertise.split(':');
  return {
    body: {
      config: { Region: req.settings.region, Datacenter: 'dc1', Version: { Version: NOMAD_API_VERSION, VersionMetadata: 'kubenomad' }, Server: { Enabled: true }, Client: { Enabled: false }, ACL: { Enabled: true } },
      member: { Name: `kubenomad.${req.settings.region}`, Addr: host, Port: Number(port ?? 4647), Tags: { region: req.settings.region, dc: 'dc1', build: NOMAD_API_VERSION, role: 'nomad' }, Status: 'alive' },
      stats: {},
    },
  };
}

type KubeNamespace = { metadata?: { name?: string; resourceVersion?: string } };

function apiNamespace(req: ApiRequest, n: KubeNamespace): { Name: string } & Record<string, unknown> {
  const index = indexOf(n);
  return { Name: nomadNamespace(req.settings.ns, n.metadata?.name), Description: `Kubernetes namespace ${n.metadata?.name}`, Quota: '', Meta: null, Capabilities: null, NodePoolConfiguration: null, CreateIndex: index, ModifyIndex: index };
}

/** GET /v1/namespace/:name. */
export async function readNamespace(req: ApiRequest): Promise<ApiReply> {
  const kube = kubeNamespace(req.settings.ns, req.params.name);
  if (!kube || !/^[a-z0-9-]{1,63}$/.test(kube)) throw errors.notFound('namespace');
  const n = await req.cluster.get<KubeNamespace>(`${paths.namespaces()}/${kube}`, 'namespace');
  return { body: apiNamespace(req, n), index: indexOf(n) };
}

/** GET /v1/namespaces: Kubernetes namespaces, the configured default one named `default`. */
export async function namespaces(req: ApiRequest): Promise<ApiReply> {
  const list = await req.cluster.list<KubeNamespace>(paths.namespaces());
  const out = list.items.map((n) => apiNamespace(req, n)).sort((a, b) => a.Name.localeCompare(b.Name));
  return { body: applyListParams(req, out, 'Name'), index: maxIndex(list.items), watch: { path: paths.namespaces(), resourceVersion: list.resourceVersion } };
}

/** GET /v1/metrics: the operator's Prometheus metrics (`?format=prometheus`); Nomad's JSON summary is not built. */
export async function metrics(req: ApiRequest): Promise<ApiReply> {
  if (req.query.get('format') !== 'prometheus') throw errors.notSupported('The JSON metrics summary (use ?format=prometheus)');
  if (!req.settings.metrics) throw errors.notSupported('Metrics on this server');
  await req.cluster.find(`${paths.namespaces()}/${encodeURIComponent(req.settings.ns.defaultNamespace)}`);
  return { body: await req.settings.metrics(), text: { contentType: 'text/plain; version=0.0.4; charset=utf-8' } };
}
