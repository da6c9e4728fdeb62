/**
 * Applies restart enforcement (restart-enforce.ts): a pod whose task used up its restart attempts gets
 * `activeDeadlineSeconds: 1` — already past, so the kubelet kills it and marks it Failed (DeadlineExceeded) — and
 * the reason in an annotation; a pod whose restart interval changed gets the new intervals remembered.
 */
import type { KubeApi } from '../../k8s/api.js';
import { toApiError } from '../../k8s/objects.js';
import { RESTART_EXHAUSTED_ANNOTATION, RESTART_WINDOWS_ANNOTATION } from './labels.js';
import type { RestartAction } from './restart-enforce.js';

/** The patch of one action. */
export function restartPatch(action: RestartAction): object {
  if (action.kind === 'windows') return { metadata: { annotations: { [RESTART_WINDOWS_ANNOTATION]: JSON.stringify(action.windows) } } };
  return { metadata: { annotations: { [RESTART_EXHAUSTED_ANNOTATION]: action.message } }, spec: { activeDeadlineSeconds: 1 } };
}

/** Patches the pods; every failed write is reported in `errors`. Returns the pods failed. */
export async function applyRestartActions(api: KubeApi, ns: string, actions: RestartAction[], errors: string[]): Promise<string[]> {
  const failed: string[] = [];
  for (const action of actions) {
    try {
      await api.patchPod(ns, action.podName, restartPatch(action));
      if (action.kind === 'fail') failed.push(`${action.podName}: ${action.message}`);
    } catch (err) {
      errors.push(`Could not record restarts of ${action.podName}: ${toApiError(err).message}`);
    }
  }
  return failed;
}
