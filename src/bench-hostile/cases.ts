/**
 * The hostile inputs of the issue "never frozen, never unbounded", as manifests: a catastrophic-backtracking
 * regexp against hostnames made to trigger it, the same pattern in an HCL `regex()` call, a group at the schema's
 * maximum count, a job over the allocation limit, and the probe job that must keep scaling meanwhile.
 */
import type { NomadJobSpec, Task } from '../crds/nomadjob-types.js';
import { MAX_GROUP_COUNT } from '../crds/schema/group.js';
import { DEFAULT_JOB_LIMITS } from '../controllers/nomadjob/job-limits.js';

/** Exponential for a backtracking engine on "aaa…ab" (2^n paths), linear for RE2. */
export const REDOS_PATTERN = '^(a+)+$';

/** `count` a's then a 'b': the input that makes REDOS_PATTERN backtrack 2^count times before failing. */
export const redosText = (count: number): string => `${'a'.repeat(count)}b`;

/** Node names (so `${attr.unique.hostname}`) of 29+ a's and a 'b', one per node. */
export function redosHostnames(nodes: number): string[] {
  return Array.from({ length: nodes }, (_, i) => redosText(29 + i));
}

/** One docker task with small asks. */
function task(memory = 64): Task {
  return { name: 't', driver: 'docker', config: { image: 'busybox:1.36' }, resources: { cpu: 100, memory } };
}

/** (a) Every node's hostname checked against REDOS_PATTERN: none matches, nothing places, quickly. */
export function regexpConstraintJob(datacenter: string): NomadJobSpec {
  return {
    type: 'service', datacenters: [datacenter],
    constraints: [{ attribute: '${attr.unique.hostname}', operator: 'regexp', value: REDOS_PATTERN }],
    groups: [{ name: 'g', count: 1, tasks: [task()] }],
  };
}

/** (b) HCL evaluating `regex(pattern, "aaa…ab")` at admission, as a meta value. */
export function hclRegexSource(name: string, datacenter: string, pattern = REDOS_PATTERN): string {
  return [
    `job "${name}" {`,
    `  datacenters = ["${datacenter}"]`,
    '  meta {',
    `    matched = regex("${pattern}", "${redosText(33)}")`,
    '  }',
    '  group "g" {',
    '    task "t" {',
    '      driver = "docker"',
    '      config {',
    '        image = "busybox:1.36"',
    '      }',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** (e) A jobspec of about `bytes` made of meta entries (~55 bytes each): parse time grows with it. */
export function wideHclSource(name: string, datacenter: string, bytes: number): string {
  const entries: string[] = [];
  for (let size = 0, i = 0; size < bytes; i++) {
    const line = `    k${i} = "${'v'.repeat(40)}"`;
    entries.push(line);
    size += line.length + 1;
  }
  return [
    `job "${name}" {`, `  datacenters = ["${datacenter}"]`, '  meta {', ...entries, '  }',
    '  group "g" {', '    task "t" {', '      driver = "docker"', '      config {', '        image = "busybox:1.36"', '      }', '    }', '  }', '}', '',
  ].join('\n');
}

/** (c) One group at the schema's maximum count: a handful of nodes hold a few dozen, the rest stay queued. */
export function maxCountJob(datacenter: string, memory = 128): NomadJobSpec {
  return { type: 'service', datacenters: [datacenter], groups: [{ name: 'g', count: MAX_GROUP_COUNT, tasks: [task(memory)] }] };
}

/** Groups of the allocation-limit case: the most the schema allows. */
export const MANY_GROUPS = DEFAULT_JOB_LIMITS.maxGroups;

/** (d) 64 groups of MAX_GROUP_COUNT: 6,400,000 allocations, 64× the per-job limit. */
export function manyGroupsJob(datacenter: string): NomadJobSpec {
  return {
    type: 'service', datacenters: [datacenter],
    groups: Array.from({ length: MANY_GROUPS }, (_, i) => ({ name: `g${i}`, count: MAX_GROUP_COUNT, tasks: [task()] })),
  };
}

/** The message the limit check gives for manyGroupsJob (job-limits.ts). */
export const MANY_GROUPS_MESSAGE =
  `spec.groups: ${MANY_GROUPS * MAX_GROUP_COUNT} allocations in all (the sum of count); at most ${DEFAULT_JOB_LIMITS.maxAllocationsPerJob} are allowed per job`;

/** The small job that must keep scaling while a hostile one is being handled. */
export function probeJob(datacenter: string, count: number): NomadJobSpec {
  return { type: 'service', datacenters: [datacenter], groups: [{ name: 'g', count, tasks: [task()] }] };
}

/** A NomadJob manifest. */
export function nomadJob(namespace: string, name: string, spec: NomadJobSpec | { hcl: string }): object {
  return { apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name, namespace }, spec };
}
