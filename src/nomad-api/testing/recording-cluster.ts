/** A Cluster for handler tests: serves fixed NomadJobs and records the writes a handler makes (no Kubernetes). */
import type { NomadJob } from '../../crds/nomadjob-types.js';
import type { Cluster, KubeList } from '../cluster.js';
import type { ApiReply, ApiRequest, Handler } from '../context.js';
import { errors } from '../errors.js';

/** One write a handler made. */
export interface RecordedWrite {
  method: string;
  path: string;
  body: unknown;
  contentType?: string;
}

/** A cluster holding `jobs` (namespace `apps`); writes are recorded and answered with the job, resourceVersion + 1. */
export function recordingCluster(jobs: NomadJob[]): Cluster & { writes: RecordedWrite[] } {
  const writes: RecordedWrite[] = [];
  const byPath = (path: string): NomadJob | undefined => jobs.find((j) => path.endsWith(`/nomadjobs/${j.metadata.name}`));
  return {
    writes,
    get: async <T>(path: string, what: string): Promise<T> => {
      const job = byPath(path);
      if (!job) throw errors.notFound(what);
      return job as T;
    },
    find: async <T>(path: string): Promise<T | undefined> => byPath(path) as T | undefined,
    list: async <T>(): Promise<KubeList<T>> => ({ items: jobs as T[], resourceVersion: '100' }),
    text: async (): Promise<string> => '',
    write: async <T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body: unknown, what: string, contentType?: string): Promise<T> => {
      writes.push({ method, path, body, contentType });
      const job = byPath(path);
      if (!job) throw errors.notFound(what);
      return { ...job, metadata: { ...job.metadata, resourceVersion: String(Number(job.metadata.resourceVersion ?? 0) + 1) } } as T;
    },
    watch: async () => ({ kind: 'timeout' }),
  };
}

/** Calls a handler as a request to namespace `apps` would. */
export function callHandler(handler: Handler, cluster: Cluster, params: Record<string, string>, body?: unknown, query = ''): Promise<ApiReply> {
  const req: ApiRequest = {
    method: 'POST', params, query: new URLSearchParams(query), body, rawBody: JSON.stringify(body ?? ''), cluster,
    settings: { ns: { defaultNamespace: 'apps' }, scheduler: {} as ApiRequest['settings']['scheduler'], region: 'global', advertise: '', operatorWaitMs: 1000 },
  };
  return handler(req);
}
