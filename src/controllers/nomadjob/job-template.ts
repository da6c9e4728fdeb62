/**
 * Each group's pod rendered once before placement, on a placeholder node: the problems no retry can fix (a driver
 * kubenomad cannot run, a docker task without an image, a port label no network defines…) surface here, before
 * any node is chosen, and the template carries every pod setting that restricts nodes (nodeSelector, tolerations,
 * affinity from the `kubernetes` extension), so placement sees exactly what the kubelet will be asked to accept.
 */
import type { TaskGroup } from '../../crds/nomadjob-types.js';
import type { NodeFingerprint } from '../../crds/node-labels.js';
import { checkDrivers } from './drivers.js';
import { DEFAULT_JOB_LIMITS, limitProblems, type JobLimits } from './job-limits.js';
import { portLabelProblems, regexpProblems } from './spec-checks.js';
import { updateProblems } from './update-checks.js';
import type { AssignedPort } from './env.js';
import type { AllocToCreate, JobRef } from './plan-types.js';
import { renderAllocPod, type RenderOptions } from './pod-template.js';
import type { PodManifest } from './pod-types.js';
import { groupAsk } from './resources.js';

/** Every group's template pod, or why the job can never run as written. */
export type JobTemplates = { ok: true; pods: Map<string, PodManifest> } | { ok: false; problems: string[] };

const PLACEHOLDER_NODE: NodeFingerprint = {
  id: 'template', name: 'template', datacenter: 'dc1', nodeClass: '', nodePool: 'default', attributes: {}, meta: {},
};

function placeholderAlloc(group: TaskGroup): AllocToCreate {
  return {
    group: group.name, index: 0, version: 'template', generation: 0, podName: 'template', allocName: 'template',
    allocId: 'template', reason: 'new', events: [],
  };
}

/** The group's ports with placeholder values (static ports keep theirs). */
function placeholderPorts(group: TaskGroup): AssignedPort[] {
  return groupAsk(group).ports.map((p, i) => ({ label: p.label, value: p.static ?? 20000 + i, to: p.to }));
}

/** Renders every group on the placeholder node; problems are listed once each, in group order. */
export function jobTemplates(job: JobRef, options?: RenderOptions, limits: JobLimits = DEFAULT_JOB_LIMITS): JobTemplates {
  if (!job.spec.groups?.length && job.spec.hcl) {
    return { ok: false, problems: ['spec.hcl was not translated: is the kubenomad admission webhook installed?'] };
  }
  const over = limitProblems(job.spec, limits);
  if (over.length > 0) return { ok: false, problems: over.map((p) => p.message) }; // never render an unbounded job
  const problems = new Set([...checkDrivers(job.spec), ...[...regexpProblems(job.spec), ...updateProblems(job.spec), ...portLabelProblems(job.spec)].map((p) => p.message)]);
  const pods = new Map<string, PodManifest>();
  for (const group of job.spec.groups ?? []) {
    const rendered = renderAllocPod({ job, alloc: placeholderAlloc(group), node: PLACEHOLDER_NODE, ports: placeholderPorts(group), options });
    if (rendered.ok) pods.set(group.name, rendered.pod);
    else for (const e of rendered.errors) problems.add(e);
  }
  return problems.size > 0 ? { ok: false, problems: [...problems] } : { ok: true, pods };
}
