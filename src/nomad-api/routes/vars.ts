/**
 * Nomad Variables as Kubernetes Secrets, one per path: labelled `kubenomad.io/variable=true`, the path in the
 * `kubenomad.io/variable-path` annotation, each item a Secret key. Kubernetes RBAC on secrets decides access.
 */
import { createHash } from 'node:crypto';
import { paths, withQuery } from '../cluster.js';
import { bodyObject, requestNamespace, singleNamespace, type ApiReply, type ApiRequest } from '../context.js';
import { errors, NomadApiError } from '../errors.js';
import { applyListParams } from '../listing.js';
import { indexOf, maxIndex, unixNanos } from '../shapes/index-of.js';
import { nomadNamespace } from '../shapes/namespaces.js';

/** The label and annotation of a variable's Secret. */
export const VARIABLE_LABEL = 'kubenomad.io/variable';
export const VARIABLE_PATH_ANNOTATION = 'kubenomad.io/variable-path';

interface Secret {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; creationTimestamp?: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  data?: Record<string, string>;
}

const PATH = /^[a-zA-Z0-9\-_~/]{1,128}$/;

/** The Secret name of a variable path. */
export function secretNameOf(path: string): string {
  return `nomad-var-${createHash('sha256').update(path).digest('hex').slice(0, 20)}`;
}

function checkPath(path: string | undefined): string {
  if (!path || !PATH.test(path) || path.startsWith('/') || path.endsWith('/') || path.includes('//')) throw errors.badRequest(`invalid path "${String(path).slice(0, 200)}"`);
  return path;
}

function metadataOf(s: Secret, req: ApiRequest): Record<string, unknown> {
  const index = indexOf(s);
  const time = unixNanos(s.metadata?.creationTimestamp);
  return { Namespace: nomadNamespace(req.settings.ns, s.metadata?.namespace), Path: s.metadata?.annotations?.[VARIABLE_PATH_ANNOTATION] ?? '', CreateIndex: index, ModifyIndex: index, CreateTime: time, ModifyTime: time };
}

function variableOf(s: Secret, req: ApiRequest): Record<string, unknown> {
  const items = Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
  return { ...metadataOf(s, req), Items: items };
}

/** GET /v1/vars (`?prefix=` on the path). */
export async function listVariables(req: ApiRequest): Promise<ApiReply> {
  const path = withQuery(paths.core('secrets', requestNamespace(req)), { labelSelector: `${VARIABLE_LABEL}=true` });
  const list = await req.cluster.list<Secret>(path);
  const out = list.items.map((s) => metadataOf(s, req)).sort((a, b) => String(a.Path).localeCompare(String(b.Path)));
  return { body: applyListParams(req, out, 'Path'), index: maxIndex(list.items), watch: { path, resourceVersion: list.resourceVersion } };
}

async function findSecret(req: ApiRequest, namespace: string, path: string): Promise<Secret | undefined> {
  const s = await req.cluster.find<Secret>(paths.core('secrets', namespace, secretNameOf(path)));
  return s?.metadata?.annotations?.[VARIABLE_PATH_ANNOTATION] === path ? s : undefined;
}

/** GET /v1/var/:path. */
export async function readVariable(req: ApiRequest): Promise<ApiReply> {
  const path = checkPath(req.params.path);
  const s = await findSecret(req, singleNamespace(req), path);
  if (!s) throw errors.notFound('variable');
  return { body: variableOf(s, req), index: indexOf(s) };
}

function itemsOf(body: Record<string, unknown>): Record<string, string> {
  const items = body.Items;
  if (typeof items !== 'object' || items === null || Array.isArray(items) || Object.keys(items).length === 0) throw errors.badRequest('variable missing required Items object');
  for (const [k, v] of Object.entries(items)) {
    if (typeof v !== 'string') throw errors.badRequest(`Items.${k}: expected a string`);
    if (!/^[-._a-zA-Z0-9]{1,253}$/.test(k)) throw errors.badRequest(`Items.${k}: invalid item name`);
  }
  return items as Record<string, string>;
}

/** PUT /v1/var/:path (`?cas=N`: only when the variable's index is N; 0 = only when absent). */
export async function putVariable(req: ApiRequest): Promise<ApiReply> {
  const path = checkPath(req.params.path);
  const namespace = singleNamespace(req);
  const items = itemsOf(bodyObject(req));
  const existing = await findSecret(req, namespace, path);
  const cas = req.query.get('cas');
  if (cas !== null && Number(cas) !== (existing ? indexOf(existing) : 0)) {
    throw new NomadApiError(409, `cas error: variable ${path} has index ${existing ? indexOf(existing) : 0}`);
  }
  const data = Object.fromEntries(Object.entries(items).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  const name = secretNameOf(path);
  const secret = {
    apiVersion: 'v1', kind: 'Secret', type: 'Opaque', data,
    metadata: { ...existing?.metadata, name, namespace, labels: { ...existing?.metadata?.labels, [VARIABLE_LABEL]: 'true' }, annotations: { ...existing?.metadata?.annotations, [VARIABLE_PATH_ANNOTATION]: path } },
  };
  const saved = existing
    ? await req.cluster.write<Secret>('PUT', paths.core('secrets', namespace, name), secret, 'variable')
    : await req.cluster.write<Secret>('POST', paths.core('secrets', namespace), secret, 'variable');
  return { body: variableOf(saved, req), index: indexOf(saved) };
}

/** DELETE /v1/var/:path. */
export async function deleteVariable(req: ApiRequest): Promise<ApiReply> {
  const path = checkPath(req.params.path);
  const namespace = singleNamespace(req);
  const existing = await findSecret(req, namespace, path);
  const cas = req.query.get('cas');
  if (cas !== null && Number(cas) !== (existing ? indexOf(existing) : 0)) throw new NomadApiError(409, `cas error: variable ${path} has index ${existing ? indexOf(existing) : 0}`);
  if (existing) await req.cluster.write('DELETE', paths.core('secrets', namespace, secretNameOf(path)), undefined, 'variable');
  return { body: null, index: existing ? indexOf(existing) + 1 : 1 };
}
