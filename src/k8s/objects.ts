/** Generic object operations: server-side apply of manifests, create-if-absent, and API errors as values. */
import { KubeConfig, KubernetesObjectApi, ApiException, type KubernetesObject } from '@kubernetes/client-node';
import { objectPath, rawRequest } from './raw.js';

/** The field manager kubenomad applies with. */
export const FIELD_MANAGER = 'kubenomad';

/** HTTP status and Kubernetes Status message of a failed API call. */
export interface ApiError {
  code: number;
  reason: string;
  message: string;
}

/** Turns anything thrown by the client into an ApiError (code 0 for network errors). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiException) {
    let body: { reason?: string; message?: string } = {};
    try {
      body = typeof err.body === 'string' ? JSON.parse(err.body) : (err.body as typeof body);
    } catch {
      body = { message: String(err.body) };
    }
    return { code: err.code, reason: body?.reason ?? '', message: body?.message ?? err.message };
  }
  return { code: 0, reason: 'Unknown', message: err instanceof Error ? err.message : String(err) };
}

/** Server-side applies each object as written (force: kubenomad owns the fields it sends). */
export async function applyObjects(kc: KubeConfig, objects: KubernetesObject[], fieldManager = FIELD_MANAGER): Promise<void> {
  for (const obj of objects) {
    const path = `${await objectPath(kc, obj)}?fieldManager=${encodeURIComponent(fieldManager)}&force=true`;
    const r = await rawRequest(kc, 'PATCH', path, obj, 'application/apply-patch+yaml');
    if (r.status >= 300) {
      const status = JSON.parse(r.body || '{}') as { message?: string };
      throw new Error(`Cannot apply ${obj.kind} ${obj.metadata?.name}: ${status.message ?? r.body} (HTTP ${r.status})`);
    }
  }
}

/** Creates an object, treating AlreadyExists as success; returns whether it was created. */
export async function createIfAbsent(kc: KubeConfig, obj: KubernetesObject): Promise<boolean> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  try {
    await api.create(obj);
    return true;
  } catch (err) {
    if (toApiError(err).code === 409) return false;
    throw err;
  }
}
