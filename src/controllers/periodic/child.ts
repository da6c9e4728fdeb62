/**
 * The NomadJob a periodic launch creates: Nomad's `deriveJob` (a copy of the parent with the derived
 * ID/Name, ParentID set and `periodic` dropped), plus the Kubernetes labels, annotations and owner.
 */
import type { NomadJob } from '../../crds/nomadjob-types.js';
import {
  ANNOTATION_PARENT_ID, ANNOTATION_PERIODIC_LAUNCH_REASON, LABEL_PARENT_JOB, LABEL_PERIODIC_LAUNCH_TIME, parentLabelValue, unixSeconds,
} from './naming.js';
import type { PlannedLaunch } from './plan.js';

/** The Nomad job ID of a NomadJob: spec.id, defaulting to metadata.name. */
export function nomadJobId(job: NomadJob): string {
  return job.spec.id ?? job.metadata.name ?? '';
}

/** An owner reference making `owner` the controller of a child (garbage-collected with it). */
export function controllerRef(owner: { apiVersion: string; kind: string; metadata: { name?: string; uid?: string } }):
  NonNullable<NomadJob['metadata']['ownerReferences']> {
  const { name, uid } = owner.metadata;
  if (!name || !uid) return [];
  return [{ apiVersion: owner.apiVersion, kind: owner.kind, name, uid, controller: true, blockOwnerDeletion: true }];
}

/**
 * Builds the child of `parent` for `launch`. The spec is a deep copy without `periodic` (and without the
 * raw `hcl`, which would re-create it); type stays batch/sysbatch; `id` and `name` are the Nomad child ID.
 * `status.parent` is filled for the controller to patch after creation (status is a subresource).
 */
export function buildPeriodicChild(parent: NomadJob, launch: PlannedLaunch): NomadJob {
  const { periodic: _periodic, hcl: _hcl, hclVariables: _vars, ...spec } = structuredClone(parent.spec);
  return {
    apiVersion: 'kubenomad.io/v1alpha1',
    kind: 'NomadJob',
    metadata: {
      name: launch.name,
      namespace: parent.metadata.namespace,
      labels: {
        [LABEL_PARENT_JOB]: parentLabelValue(parent.metadata.name ?? ''),
        [LABEL_PERIODIC_LAUNCH_TIME]: String(unixSeconds(launch.launchTime)),
      },
      annotations: {
        [ANNOTATION_PARENT_ID]: nomadJobId(parent),
        [ANNOTATION_PERIODIC_LAUNCH_REASON]: launch.reason,
      },
      ownerReferences: controllerRef(parent),
    },
    spec: { ...spec, id: launch.id, name: launch.id },
    status: { parent: nomadJobId(parent) },
  };
}
