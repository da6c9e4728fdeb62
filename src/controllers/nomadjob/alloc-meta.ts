/** The labels and annotations of an allocation pod (shared by the renderer and test fixtures). */
import {
  ALLOC_ID_LABEL, ALLOC_INDEX_LABEL, ALLOC_NAME_ANNOTATION, GENERATION_LABEL, GROUP_LABEL, JOB_ID_ANNOTATION,
  JOB_LABEL, MANAGED_LABEL, PREVIOUS_ALLOC_ANNOTATION, PREVIOUS_NODE_ANNOTATION, RESCHEDULE_EVENTS_ANNOTATION,
  SLOT_NODE_ANNOTATION, VERSION_LABEL, labelValue,
} from './alloc-name.js';
import { jobId } from './plan-context.js';
import type { AllocToCreate, JobRef } from './plan-types.js';
import { formatEvents } from './reschedule.js';

/** The label selector of all of a job's pods (`status.selector`). */
export function jobSelector(jobName: string): string {
  return `${JOB_LABEL}=${labelValue(jobName)}`;
}

/** The identity labels of an allocation pod. */
export function allocLabels(job: JobRef, alloc: AllocToCreate): Record<string, string> {
  return {
    [MANAGED_LABEL]: 'true',
    [JOB_LABEL]: labelValue(job.name),
    [GROUP_LABEL]: labelValue(alloc.group),
    [ALLOC_INDEX_LABEL]: String(alloc.index),
    [VERSION_LABEL]: alloc.version,
    [GENERATION_LABEL]: String(alloc.generation),
    [ALLOC_ID_LABEL]: alloc.allocId,
  };
}

/** The annotations of an allocation pod: alloc name, job ID, slot node (system jobs), reschedule history. */
export function allocAnnotations(job: JobRef, alloc: AllocToCreate): Record<string, string> {
  const out: Record<string, string> = {
    [ALLOC_NAME_ANNOTATION]: alloc.allocName,
    [JOB_ID_ANNOTATION]: jobId(job.spec, job.name),
  };
  if (alloc.node !== undefined) out[SLOT_NODE_ANNOTATION] = alloc.node;
  if (alloc.events.length > 0) out[RESCHEDULE_EVENTS_ANNOTATION] = formatEvents(alloc.events);
  if (alloc.previous) out[PREVIOUS_ALLOC_ANNOTATION] = alloc.previous.allocId;
  if (alloc.previous?.node) out[PREVIOUS_NODE_ANNOTATION] = alloc.previous.node;
  return out;
}
