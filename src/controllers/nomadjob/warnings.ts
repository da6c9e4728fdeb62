/** Warnings for task features kubenomad records but does not honour on Kubernetes. */
import type { Task } from '../../crds/nomadjob-types.js';

/** Messages for a task's unsupported or approximated features. */
export function taskWarnings(task: Task): string[] {
  const where = `Task "${task.name}"`;
  const out: string[] = [];
  if (task.lifecycle?.hook === 'poststop') out.push(`${where}: poststop tasks are not run by kubenomad`);
  if (task.lifecycle?.hook === 'poststart') out.push(`${where}: poststart task starts together with the main tasks`);
  if (task.artifacts?.length) out.push(`${where}: artifact blocks are not downloaded`);
  if (task.vault) out.push(`${where}: the vault block is not honoured`);
  if (task.volumeMounts?.length) out.push(`${where}: Nomad volume_mount is not supported; use the kubernetes extension's volumes`);
  if (task.killSignal) out.push(`${where}: kill_signal is not supported; Kubernetes sends SIGTERM`);
  return out;
}
