/** Fixture builders with complete defaults for the NomadJob controller's tests. */
import type { JobType, NomadJobSpec, Task, TaskGroup } from '../../../crds/nomadjob-types.js';
import type { NodeFingerprint } from '../../../crds/node-labels.js';
import { allocAnnotations, allocLabels } from '../alloc-meta.js';
import type { NodeState, ObservedPod } from '../observed.js';
import type { AllocToCreate, JobRef, PlanInput } from '../plan-types.js';

/** A fixed "now" for tests: 2026-01-01T00:00:00Z. */
export const NOW = new Date('2026-01-01T00:00:00Z');

/** Seed 001's redis task: docker, cpu 500 MHz, memory 256 MB, dynamic port "db". */
export function redisTask(overrides: Partial<Task> = {}): Task {
  return {
    name: 'redis',
    driver: 'docker',
    config: { image: 'redis:7', ports: ['db'] },
    resources: { cpu: 500, memory: 256 },
    ...overrides,
  };
}

/** A task group with one task and count 1 unless overridden. */
export function makeGroup(overrides: Partial<TaskGroup> = {}): TaskGroup {
  return { name: 'cache', count: 1, tasks: [redisTask()], networks: [{ ports: [{ label: 'db' }] }], ...overrides };
}

/** A NomadJob reference: seed 001's `example` job (service, group `cache`) unless overridden. */
export function makeJob(spec: Partial<NomadJobSpec> = {}, meta: Partial<JobRef> = {}): JobRef {
  return {
    name: 'example',
    namespace: 'default',
    uid: '0b6f8a9e-1111-4222-8333-444455556666',
    generation: 1,
    spec: { type: 'service', datacenters: ['dc1'], groups: [makeGroup()], ...spec },
    ...meta,
  };
}

/** A job of the given type with one group `name` of `count`. */
export function jobOfType(type: JobType, count = 1, group: Partial<TaskGroup> = {}): JobRef {
  return makeJob({ type, groups: [makeGroup({ count, ...group })] });
}

/** Returns a copy of the job with group `name`'s fields changed. */
export function withGroup(job: JobRef, name: string, change: Partial<TaskGroup>): JobRef {
  const groups = (job.spec.groups ?? []).map((g) => (g.name === name ? { ...g, ...change } : g));
  return { ...job, spec: { ...job.spec, groups } };
}

/** Fluent builder of an observed allocation pod made from a planned create. */
export class PodBuilder {
  private readonly pod: ObservedPod;

  constructor(job: JobRef, alloc: AllocToCreate, created = NOW) {
    this.pod = {
      name: alloc.podName, labels: allocLabels(job, alloc), annotations: allocAnnotations(job, alloc),
      phase: 'Pending', creationTimestamp: created.toISOString(), containers: [],
    };
  }

  /** Bound to a node (spec.nodeName). */
  on(node: string): this {
    this.pod.nodeName = node;
    return this;
  }

  /** Phase Running. */
  running(): this {
    this.pod.phase = 'Running';
    return this;
  }

  /** Phase Succeeded (exit 0) at `at`. */
  succeeded(at: Date = NOW): this {
    return this.terminated('Succeeded', 0, at);
  }

  /** Phase Failed (exit `code`) at `at`. */
  failed(at: Date = NOW, code = 1): this {
    return this.terminated('Failed', code, at);
  }

  /** Running, every container running and the pod Ready since `since`. */
  ready(since: Date = NOW): this {
    this.pod.phase = 'Running';
    this.pod.runningSince = since.toISOString();
    this.pod.readySince = since.toISOString();
    return this;
  }

  /** Being deleted. */
  terminating(at: Date = NOW): this {
    this.pod.deletionTimestamp = at.toISOString();
    return this;
  }

  /** Creation time. */
  createdAt(at: Date): this {
    this.pod.creationTimestamp = at.toISOString();
    return this;
  }

  /** The observed pod. */
  build(): ObservedPod {
    return structuredClone(this.pod);
  }

  private terminated(phase: 'Succeeded' | 'Failed', exitCode: number, at: Date): this {
    this.pod.phase = phase;
    this.pod.containers = [{ name: 'redis', restartCount: 0, exitCode, finishedAt: at.toISOString() }];
    return this;
  }
}

/** Starts a pod builder for a planned create. */
export function podFor(job: JobRef, alloc: AllocToCreate, created?: Date): PodBuilder {
  return new PodBuilder(job, alloc, created);
}

/** Ready nodes by name. */
export function readyNodes(...names: string[]): Record<string, NodeState> {
  return Object.fromEntries(names.map((n) => [n, 'ready' as const]));
}

/** A plan input with defaults: no pods, nodes n1..n3 ready, NOW. */
export function planInput(job: JobRef, pods: ObservedPod[] = [], extra: Partial<PlanInput> = {}): PlanInput {
  return { job, pods, nodes: readyNodes('n1', 'n2', 'n3'), now: NOW, ...extra };
}

/** Adds `ms` milliseconds to a date. */
export function after(date: Date, ms: number): Date {
  return new Date(date.getTime() + ms);
}

/** A node fingerprint: datacenter dc1, `cpu.frequency` = `mhz` MHz per core. */
export function makeNode(name = 'n1', mhz = 2000, extra: Partial<NodeFingerprint> = {}): NodeFingerprint {
  return {
    id: `${name}-uid`, name, datacenter: 'dc1', nodeClass: '', nodePool: 'default',
    attributes: { 'cpu.frequency': String(mhz), 'kernel.name': 'linux', 'unique.hostname': name }, meta: {}, ...extra,
  };
}
