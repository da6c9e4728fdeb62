/**
 * Example objects for the CRDs: valid ones the apiserver must accept, invalid ones it must reject with a
 * message containing `rejects`. Used by the unit tests (schema keywords) and by the apiserver e2e test.
 */
import type { Dispatch } from '../dispatch-types.js';
import type { NomadJob, NomadJobSpec, Task, TaskGroup } from '../nomadjob-types.js';
import type { Periodic } from '../periodic-types.js';

/** One example object and what the apiserver should do with it. */
export interface CrdExample {
  /** What the example shows, in a sentence. */
  name: string;
  kind: 'NomadJob' | 'Dispatch' | 'Periodic';
  /** The object (invalid examples may not satisfy the TypeScript types). */
  object: Record<string, unknown>;
  /** For invalid examples: a substring of the apiserver's rejection message. */
  rejects?: string;
  /** For invalid examples: whether the rejection comes from OpenAPI keywords ("schema") or a CEL rule ("cel"). */
  via?: 'schema' | 'cel';
}

const API_VERSION = 'kubenomad.io/v1alpha1';

/** A task with complete defaults: docker redis with 100 MHz and 256 MB. */
export function makeTask(overrides: Partial<Task> = {}): Task {
  return { name: 'redis', driver: 'docker', config: { image: 'redis:7' }, resources: { cpu: 100, memory: 256 }, ...overrides };
}

/** A group with one task and count 1. */
export function makeGroup(overrides: Partial<TaskGroup> = {}): TaskGroup {
  return { name: 'cache', count: 1, tasks: [makeTask()], ...overrides };
}

/** A NomadJob with one group; `spec` is merged over the defaults. */
export function makeNomadJob(name: string, spec: Partial<NomadJobSpec> = {}): NomadJob {
  return { apiVersion: API_VERSION, kind: 'NomadJob', metadata: { name }, spec: { type: 'service', groups: [makeGroup()], ...spec } };
}

const nj = (name: string, spec: Record<string, unknown>): Record<string, unknown> => ({ ...makeNomadJob(name), spec });
const withTask = (task: Record<string, unknown>, spec: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'service',
  groups: [{ name: 'cache', tasks: [task] }],
  ...spec,
});
const asObject = (value: NomadJob | Dispatch | Periodic): Record<string, unknown> => ({ ...value });

const valid: CrdExample[] = [
  { name: 'service job with one group', kind: 'NomadJob', object: asObject(makeNomadJob('web')) },
  {
    name: 'periodic batch job',
    kind: 'NomadJob',
    object: asObject(makeNomadJob('report', { type: 'batch', periodic: { crons: ['0 3 * * *'], prohibitOverlap: true } })),
  },
  {
    name: 'parameterized batch job with a dispatch payload file',
    kind: 'NomadJob',
    object: asObject(
      makeNomadJob('render', {
        type: 'batch',
        parameterized: { payload: 'required', metaRequired: ['scene'] },
        groups: [makeGroup({ tasks: [makeTask({ dispatchPayload: { file: 'input.json' } })] })],
      }),
    ),
  },
  { name: 'system job with count 1', kind: 'NomadJob', object: asObject(makeNomadJob('agent', { type: 'system' })) },
  { name: 'periodic sysbatch job', kind: 'NomadJob', object: asObject(makeNomadJob('sweep', { type: 'sysbatch', periodic: { cron: '@hourly' } })) },
  { name: 'job given only as HCL', kind: 'NomadJob', object: nj('from-hcl', { hcl: 'job "from-hcl" {\n  group "g" {\n  }\n}\n' }) },
  {
    name: 'service job with ports, affinity, spread and update',
    kind: 'NomadJob',
    object: asObject(
      makeNomadJob('api', {
        datacenters: ['dc1', 'dc2'],
        affinities: [{ attribute: '${node.datacenter}', value: 'dc1', weight: -50 }],
        spreads: [{ attribute: '${node.datacenter}', targets: [{ value: 'dc1', percent: 70 }, { value: 'dc2', percent: 30 }] }],
        update: { maxParallel: 2, canary: 1, autoPromote: true },
        groups: [makeGroup({ count: 3, networks: [{ ports: [{ label: 'http', to: 8080 }, { label: 'admin', static: 9000 }] }] })],
      }),
    ),
  },
  { name: 'dispatch with meta and payload', kind: 'Dispatch', object: asObject(dispatch('render-a1', { job: 'render', meta: { scene: 'a1' }, payload: 'e30=' })) },
  { name: 'periodic schedule override', kind: 'Periodic', object: asObject(periodic('report', { job: 'report', cron: '*/5 * * * *', historyLimit: 3 })) },
];

const invalid: CrdExample[] = [
  { name: 'negative group count', kind: 'NomadJob', object: nj('neg', { groups: [{ ...makeGroup(), count: -1 }] }), rejects: 'greater than or equal to 0', via: 'schema' },
  { name: 'unknown job type', kind: 'NomadJob', object: nj('cron', { type: 'cron', groups: [makeGroup()] }), rejects: 'Unsupported value: "cron"', via: 'schema' },
  {
    name: 'cron on a service job',
    kind: 'NomadJob',
    object: nj('svc-cron', { type: 'service', periodic: { cron: '@daily' }, groups: [makeGroup()] }),
    rejects: 'periodic is only allowed on batch and sysbatch jobs',
    via: 'cel',
  },
  {
    name: 'parameterized service job',
    kind: 'NomadJob',
    object: nj('svc-param', { type: 'service', parameterized: {}, groups: [makeGroup()] }),
    rejects: 'parameterized is only allowed on batch and sysbatch jobs',
    via: 'cel',
  },
  {
    name: 'both cron and crons',
    kind: 'NomadJob',
    object: nj('both', { type: 'batch', periodic: { cron: '@daily', crons: ['@hourly'] }, groups: [makeGroup()] }),
    rejects: 'set exactly one of cron or crons',
    via: 'cel',
  },
  { name: 'cpu and cores both set', kind: 'NomadJob', object: nj('cores', withTask({ ...makeTask(), resources: { cpu: 500, cores: 2 } })), rejects: 'either cpu (MHz) or cores, not both', via: 'cel' },
  { name: 'memoryMax below memory', kind: 'NomadJob', object: nj('mem', withTask({ ...makeTask(), resources: { memory: 512, memoryMax: 256 } })), rejects: 'memoryMax (MB) must be greater than or equal to memory', via: 'cel' },
  { name: 'missing task driver', kind: 'NomadJob', object: nj('nodriver', withTask({ name: 'web' })), rejects: 'driver: Required value', via: 'schema' },
  { name: 'group without tasks', kind: 'NomadJob', object: nj('notasks', { groups: [{ name: 'g', tasks: [] }] }), rejects: 'should have at least 1 items', via: 'schema' },
  { name: 'neither groups nor hcl', kind: 'NomadJob', object: nj('empty', { type: 'batch' }), rejects: 'spec.groups is required', via: 'cel' },
  { name: 'system job with count 3', kind: 'NomadJob', object: nj('sys3', { type: 'system', groups: [{ ...makeGroup(), count: 3 }] }), rejects: 'every group count must be 0 or 1', via: 'cel' },
  {
    name: 'system job with an affinity',
    kind: 'NomadJob',
    object: nj('sysaff', { type: 'system', affinities: [{ attribute: '${node.class}', value: 'gpu' }], groups: [makeGroup()] }),
    rejects: 'system jobs may not have affinities',
    via: 'cel',
  },
  { name: 'priority above 100', kind: 'NomadJob', object: nj('prio', { priority: 101, groups: [makeGroup()] }), rejects: 'less than or equal to 100', via: 'schema' },
  {
    name: 'affinity weight 0',
    kind: 'NomadJob',
    object: nj('w0', { affinities: [{ attribute: '${node.class}', value: 'x', weight: 0 }], groups: [makeGroup()] }),
    rejects: 'affinity weight must not be 0',
    via: 'cel',
  },
  { name: 'static port above 65535', kind: 'NomadJob', object: nj('port', { groups: [{ ...makeGroup(), networks: [{ ports: [{ label: 'http', static: 70000 }] }] }] }), rejects: 'less than or equal to 65535', via: 'schema' },
  { name: 'duplicate port labels', kind: 'NomadJob', object: nj('dup', { groups: [{ ...makeGroup(), networks: [{ ports: [{ label: 'http' }, { label: 'http' }] }] }] }), rejects: 'Duplicate value', via: 'schema' },
  {
    name: 'two port labels with the same static port',
    kind: 'NomadJob',
    object: nj('dupstatic', { groups: [{ ...makeGroup(), networks: [{ ports: [{ label: 'a', static: 80 }, { label: 'b', static: 80 }] }] }] }),
    rejects: 'static ports must be unique',
    via: 'cel',
  },
  { name: 'update block on a batch job', kind: 'NomadJob', object: nj('batchupd', { type: 'batch', update: { maxParallel: 1 }, groups: [makeGroup()] }), rejects: 'update is only allowed on service and system jobs', via: 'cel' },
  { name: 'malformed duration', kind: 'NomadJob', object: nj('dur', withTask({ ...makeTask(), killTimeout: '5 seconds' })), rejects: 'should match', via: 'schema' },
  { name: 'distinct_hosts in a task', kind: 'NomadJob', object: nj('taskdistinct', withTask({ ...makeTask(), constraints: [{ operator: 'distinct_hosts' }] })), rejects: 'only allowed at job and group level', via: 'cel' },
  { name: 'two leader tasks', kind: 'NomadJob', object: nj('leaders', { groups: [{ name: 'g', tasks: [makeTask({ name: 'a', leader: true }), makeTask({ name: 'b', leader: true })] }] }), rejects: 'at most one task of a group may be the leader', via: 'cel' },
  { name: 'volumeMount of an undeclared volume', kind: 'NomadJob', object: nj('nomount', withTask({ ...makeTask(), volumeMounts: [{ volume: 'data', destination: '/data' }] })), rejects: "must name a volume declared in the group's volumes", via: 'cel' },
  { name: 'reschedule on a system job', kind: 'NomadJob', object: nj('sysresched', { type: 'system', reschedule: { attempts: 1 }, groups: [makeGroup()] }), rejects: 'system jobs may not have a reschedule policy', via: 'cel' },
  { name: 'migrate on a batch job', kind: 'NomadJob', object: nj('batchmig', { type: 'batch', migrate: { maxParallel: 1 }, groups: [makeGroup()] }), rejects: 'migrate is only allowed on service jobs', via: 'cel' },
  { name: 'template without data or source', kind: 'NomadJob', object: nj('tmpl', withTask({ ...makeTask(), templates: [{ destination: 'local/a' }] })), rejects: 'template: set data (inline) or source', via: 'cel' },
  { name: 'restart attempts 0 with mode delay', kind: 'NomadJob', object: nj('restart0', withTask({ ...makeTask(), restart: { attempts: 0, mode: 'delay' } })), rejects: 'attempts 0 requires mode "fail"', via: 'cel' },
  {
    name: 'meta key both required and optional',
    kind: 'NomadJob',
    object: nj('metaboth', { type: 'batch', parameterized: { metaRequired: ['a'], metaOptional: ['a'] }, groups: [makeGroup()] }),
    rejects: 'cannot be both in metaRequired and metaOptional',
    via: 'cel',
  },
  { name: 'dispatch without job', kind: 'Dispatch', object: asObject(dispatch('no-job', { meta: { a: 'b' } } as never)), rejects: 'spec.job: Required value', via: 'schema' },
  { name: 'dispatch with an invalid meta key', kind: 'Dispatch', object: asObject(dispatch('bad-meta', { job: 'render', meta: { 'bad key!': 'x' } })), rejects: 'meta keys must match', via: 'cel' },
  { name: 'dispatch payload over 16 KiB', kind: 'Dispatch', object: asObject(dispatch('big-payload', { job: 'render', payload: 'A'.repeat(21852) })), rejects: 'Too long', via: 'schema' },
  { name: 'periodic with cron and crons', kind: 'Periodic', object: asObject(periodic('both-crons', { job: 'report', cron: '@daily', crons: ['@hourly'] })), rejects: 'set cron or crons, not both', via: 'cel' },
];

function dispatch(name: string, spec: Dispatch['spec']): Dispatch {
  return { apiVersion: API_VERSION, kind: 'Dispatch', metadata: { name }, spec };
}

function periodic(name: string, spec: Periodic['spec']): Periodic {
  return { apiVersion: API_VERSION, kind: 'Periodic', metadata: { name }, spec };
}

/** Valid examples (no `rejects`) and invalid ones (with the expected rejection substring). */
export const crdExamples: readonly CrdExample[] = [...valid, ...invalid];
