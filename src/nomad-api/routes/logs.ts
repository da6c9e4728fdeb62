/**
 * GET /v1/client/fs/logs/:alloc — a task's log is its container's log (pods/log, as the caller), where the node is
 * real. Kubernetes keeps one stream per container, so the combined output is served as `stdout` and `stderr` is refused
 * rather than shown empty; `follow` is not built. `origin`/`offset` slice bytes; `plain=true` answers text, otherwise
 * one of Nomad's StreamFrames.
 */
import { paths, withQuery } from '../cluster.js';
import { requestNamespace, type ApiReply, type ApiRequest } from '../context.js';
import { errors } from '../errors.js';
import { getAllocPod } from './lookup.js';

/** At most this much of a log is read (Kubernetes `limitBytes`). */
export const MAX_LOG_BYTES = 16 * 1024 * 1024;

/** The bytes asked for and the file offset after them (Nomad's StreamFrame.Offset). */
function slice(log: Buffer, origin: string, offset: number): { data: Buffer; end: number } {
  const start = origin === 'end' ? Math.max(0, log.length - offset) : Math.min(offset, log.length);
  return { data: log.subarray(start), end: log.length };
}

function checkQuery(q: URLSearchParams): { task: string; origin: string; offset: number } {
  const task = q.get('task');
  if (!task) throw errors.badRequest('must include task name');
  const type = q.get('type') || 'stdout';
  if (type === 'stderr') throw errors.notSupported('A separate stderr log (Kubernetes keeps one stream per container: the combined output is the stdout log)');
  if (type !== 'stdout') throw errors.badRequest(`Invalid log type "${type.slice(0, 50)}"`);
  if (q.get('follow') === 'true') throw errors.notSupported('Following logs');
  const origin = q.get('origin') || 'start';
  if (origin !== 'start' && origin !== 'end') throw errors.badRequest(`Invalid origin "${origin.slice(0, 50)}"`);
  const offset = Number(q.get('offset') || 0);
  if (!Number.isSafeInteger(offset) || offset < 0) throw errors.badRequest('Invalid offset');
  return { task, origin, offset };
}

/** GET /v1/client/fs/logs/:alloc. */
export async function allocationLogs(req: ApiRequest): Promise<ApiReply> {
  const { task, origin, offset } = checkQuery(req.query);
  const pod = await getAllocPod(req.cluster, requestNamespace(req), req.params.alloc!);
  if (!pod.spec?.containers.some((c) => c.name === task)) throw errors.badRequest(`unknown task name "${task.slice(0, 100)}"`);
  const path = withQuery(`${paths.core('pods', pod.metadata?.namespace, pod.metadata?.name)}/log`, { container: task, limitBytes: String(MAX_LOG_BYTES) });
  const { data, end } = slice(Buffer.from(await req.cluster.text(path, 'alloc'), 'utf8'), origin, offset);
  if (req.query.get('plain') === 'true') return { body: data.toString('utf8'), text: { contentType: 'text/plain; charset=utf-8' } };
  return { body: { Offset: end, Data: data.toString('base64'), File: `alloc/logs/${task}.stdout.0` } };
}
