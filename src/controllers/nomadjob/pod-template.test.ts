import { describe, expect, it } from '@jest/globals';
import type { Task } from '../../crds/nomadjob-types.js';
import { planJob } from './plan.js';
import type { JobRef } from './plan-types.js';
import type { Container, EnvVar, PodManifest } from './pod-types.js';
import { renderAllocPod, type RenderInput } from './pod-template.js';
import { jobOfType, makeGroup, makeJob, makeNode, planInput, redisTask } from './testing/builders.js';

function render(job: JobRef, extra: Partial<RenderInput> = {}): ReturnType<typeof renderAllocPod> {
  const alloc = planJob(planInput(job)).create[0]!;
  return renderAllocPod({ job, alloc, node: makeNode('n1', 2000), ports: [{ label: 'db', value: 22655 }], ...extra });
}

function pod(job: JobRef, extra: Partial<RenderInput> = {}): PodManifest {
  const result = render(job, extra);
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.pod;
}

const main = (p: PodManifest, i = 0): Container => p.spec.containers[i]!;
const envOf = (c: Container): Record<string, EnvVar> => Object.fromEntries((c.env ?? []).map((e) => [e.name, e]));
const value = (c: Container, name: string): string | undefined => envOf(c)[name]?.value;

describe('renderAllocPod: seed 001 redis (docker, cpu 500, memory 256, dynamic port db)', () => {
  const job = makeJob({ meta: { owner: 'ops' } });

  it('renders an unbound pod for the kubenomad scheduler with identity labels and an owner', () => {
    const p = pod(job);
    expect(p.spec.schedulerName).toBe('kubenomad');
    expect(p.spec).not.toHaveProperty('nodeName');
    expect(p.spec.restartPolicy).toBe('Always');
    expect(p.metadata.labels).toMatchObject({ 'kubenomad.io/job': 'example', 'kubenomad.io/group': 'cache', 'kubenomad.io/alloc-index': '0' });
    expect(p.metadata.annotations['kubenomad.io/alloc-name']).toBe('example.cache[0]');
    expect(p.metadata.ownerReferences[0]).toMatchObject({ kind: 'NomadJob', name: 'example', controller: true });
  });

  it('requests 250m CPU on a 2000 MHz node and 256Mi memory, without a CPU limit', () => {
    // 500 MHz × 1000 / 2000 MHz per core = 250 millicores.
    expect(main(pod(job)).resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '256Mi' } });
  });

  it.each([
    // [node MHz, task cpu MHz, expected request]
    [2000, 500, '250m'], // 500 × 1000 / 2000 = 250
    [3000, 500, '167m'], // 500 × 1000 / 3000 = 166.7 → ceil 167
    [1000, 100, '100m'], // Nomad's default 100 MHz on a 1000 MHz core
  ])('on a %i MHz node, %i MHz requests %s', (mhz, cpu, expected) => {
    const sized = makeJob({ groups: [makeGroup({ tasks: [redisTask({ resources: { cpu, memory: 256 } })] })] });
    expect(main(pod(sized, { node: makeNode('n1', mhz) })).resources?.requests?.cpu).toBe(expected);
  });

  it('maps the dynamic port db to host port 22655 (container port = host port without `to`), the TCP entry named after the label', () => {
    expect(main(pod(job)).ports).toEqual([
      { name: 'db', containerPort: 22655, hostPort: 22655, protocol: 'TCP' },
      { containerPort: 22655, hostPort: 22655, protocol: 'UDP' },
    ]);
  });

  it("injects Nomad's runtime environment", () => {
    const c = main(pod(job));
    const alloc = planJob(planInput(job)).create[0]!;
    expect(value(c, 'NOMAD_ALLOC_ID')).toBe(alloc.allocId);
    expect(value(c, 'NOMAD_ALLOC_NAME')).toBe('example.cache[0]');
    expect({
      index: value(c, 'NOMAD_ALLOC_INDEX'), task: value(c, 'NOMAD_TASK_NAME'), group: value(c, 'NOMAD_GROUP_NAME'),
      job: value(c, 'NOMAD_JOB_ID'), dc: value(c, 'NOMAD_DC'), region: value(c, 'NOMAD_REGION'),
      cpu: value(c, 'NOMAD_CPU_LIMIT'), memory: value(c, 'NOMAD_MEMORY_LIMIT'), dir: value(c, 'NOMAD_TASK_DIR'),
      hostPort: value(c, 'NOMAD_HOST_PORT_db'), port: value(c, 'NOMAD_PORT_db'), addr: value(c, 'NOMAD_ADDR_db'),
      meta: value(c, 'NOMAD_META_owner'), metaUpper: value(c, 'NOMAD_META_OWNER'),
    }).toEqual({
      index: '0', task: 'redis', group: 'cache', job: 'example', dc: 'dc1', region: 'global', cpu: '500', memory: '256',
      dir: '/local', hostPort: '22655', port: '22655', addr: '$(NOMAD_IP_db):22655', meta: 'ops', metaUpper: 'ops',
    });
    expect(envOf(c).NOMAD_IP_db?.valueFrom).toEqual({ fieldRef: { fieldPath: 'status.hostIP' } });
    const names = (c.env ?? []).map((e) => e.name);
    expect(names.indexOf('NOMAD_IP_db')).toBeLessThan(names.indexOf('NOMAD_ADDR_db'));
  });

  it('interpolates ${...} in args, keeping the node IP as a Kubernetes $(...) reference', () => {
    const task = redisTask({ config: { image: 'redis:7', args: ['--port', '${NOMAD_PORT_db}', '--bind', '${NOMAD_ADDR_db}', 'cost $5', '${unknown.x}'] } });
    const c = main(pod(makeJob({ groups: [makeGroup({ tasks: [task] })] })));
    expect(c.args).toEqual(['--port', '22655', '--bind', '$(NOMAD_IP_db):22655', 'cost $$5', '$${unknown.x}']);
  });

  it("maps docker's command to the first arg and entrypoint to the command", () => {
    const task = redisTask({ config: { image: 'redis:7', entrypoint: ['/bin/sh'], command: '-c', args: ['redis-server'] } });
    const c = main(pod(makeJob({ groups: [makeGroup({ tasks: [task] })] })));
    expect([c.command, c.args]).toEqual([['/bin/sh'], ['-c', 'redis-server']]);
  });
});

describe('renderAllocPod: drivers, resources, lifecycle', () => {
  const withTasks = (tasks: Task[], type: 'service' | 'batch' = 'service'): JobRef =>
    makeJob({ type, groups: [makeGroup({ tasks })] });

  it('runs exec tasks in the base image with command and args', () => {
    const c = main(pod(withTasks([{ name: 'ping', driver: 'exec', config: { command: '/bin/ping', args: ['-c', '1', 'example.com'] } }], 'batch')));
    expect([c.image, c.command, c.args]).toEqual(['busybox:1.36', ['/bin/ping'], ['-c', '1', 'example.com']]);
    expect(pod(withTasks([{ name: 'ping', driver: 'exec', config: { command: 'true' } }], 'batch')).spec.restartPolicy).toBe('OnFailure');
  });

  it('rejects an unsupported driver naming the task, the driver and the supported ones', () => {
    const result = render(withTasks([{ name: 'app', driver: 'java', config: { jar_path: 'app.jar' } }]));
    expect(result).toMatchObject({
      ok: false,
      errors: ['Task "app" uses driver "java", which kubenomad does not support (supported: docker, exec, raw_exec)'],
    });
  });

  it('limits memory at memory_max and sets NOMAD_MEMORY_MAX_LIMIT', () => {
    const c = main(pod(withTasks([redisTask({ resources: { cpu: 500, memory: 256, memoryMax: 512 } })])));
    expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } });
    expect(value(c, 'NOMAD_MEMORY_MAX_LIMIT')).toBe('512');
  });

  it('reserves whole cores and maps devices to extended resources', () => {
    // cores 2 on a 2000 MHz node: NOMAD_CPU_LIMIT = 2 × 2000 = 4000 MHz; request = limit = 2 cpus.
    const c = main(pod(withTasks([redisTask({ resources: { cores: 2, memory: 256, devices: [{ name: 'nvidia/gpu', count: 1 }] } })])));
    expect(c.resources).toEqual({
      requests: { cpu: '2', memory: '256Mi', 'nvidia.com/gpu': '1' },
      limits: { cpu: '2', memory: '256Mi', 'nvidia.com/gpu': '1' },
    });
    expect([value(c, 'NOMAD_CPU_LIMIT'), value(c, 'NOMAD_CPU_CORES')]).toEqual(['4000', '2']);
  });

  it('turns prestart tasks into init containers, sidecars with restartPolicy Always, and skips poststop', () => {
    const result = render(withTasks([
      redisTask(),
      { name: 'setup', driver: 'exec', config: { command: 'true' }, lifecycle: { hook: 'prestart' } },
      { name: 'proxy', driver: 'exec', config: { command: 'proxy' }, lifecycle: { hook: 'prestart', sidecar: true } },
      { name: 'cleanup', driver: 'exec', config: { command: 'true' }, lifecycle: { hook: 'poststop' } },
    ]));
    if (!result.ok) throw new Error('render failed');
    expect(result.pod.spec.initContainers?.map((c) => [c.name, c.restartPolicy])).toEqual([['setup', undefined], ['proxy', 'Always']]);
    expect(result.pod.spec.containers.map((c) => c.name)).toEqual(['redis']);
    expect(result.warnings).toContain('Task "cleanup": poststop tasks are not run by kubenomad');
  });

  it('writes the dispatch payload into the task dir from an init container', () => {
    const job = makeJob({ type: 'batch', payload: 'aGVsbG8=', groups: [makeGroup({ tasks: [redisTask({ dispatchPayload: { file: 'input.txt' } })] })] });
    const init = pod(job).spec.initContainers?.[0];
    expect(init?.name).toBe('files-redis');
    expect(init?.command?.[2]).toContain("base64 -d > '/local/input.txt'");
    expect(envOf(init!).KN_FILE_0?.value).toBe('aGVsbG8=');
  });

  it('writes payload and template files with the configured exec image (no registry image hard-coded)', () => {
    const job = makeJob({ type: 'batch', payload: 'aGVsbG8=', groups: [makeGroup({ tasks: [redisTask({ dispatchPayload: { file: 'input.txt' } })] })] });
    expect(pod(job, { options: { execImage: 'localhost/kubenomad/busybox:1.35.0' } }).spec.initContainers?.[0]?.image).toBe('localhost/kubenomad/busybox:1.35.0');
    expect(pod(job, { options: { execImage: '' } }).spec.initContainers?.[0]?.image).toBe('busybox:1.36');
  });

  it('renders env templates into the task env with {{ env }} as $(...) references', () => {
    const task = redisTask({ templates: [{ destination: 'secrets/app.env', env: true, data: 'ADDR={{ env "NOMAD_ADDR_db" }}\nMODE=fast' }] });
    const c = main(pod(withTasks([task])));
    expect([value(c, 'ADDR'), value(c, 'MODE')]).toEqual(['$(NOMAD_ADDR_db)', 'fast']);
  });
});

describe('renderAllocPod: the kubernetes extension', () => {
  it('merges group and task extensions, task winning for container fields, identity labels protected', () => {
    const group = makeGroup({
      kubernetes: {
        serviceAccountName: 'cache', nodeSelector: { disk: 'ssd' }, labels: { team: 'a', 'kubenomad.io/job': 'evil' },
        tolerations: [{ key: 'dedicated', operator: 'Exists' }], imagePullSecrets: [{ name: 'regcred' }],
        securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: false }, podSecurityContext: { fsGroup: 1000 },
        volumes: [{ name: 'data', emptyDir: {} }], volumeMounts: [{ name: 'data', mountPath: '/data' }],
      },
      tasks: [redisTask({ kubernetes: { securityContext: { readOnlyRootFilesystem: true }, priorityClassName: 'high' } })],
    });
    const p = pod(makeJob({ groups: [group] }));
    expect(p.spec).toMatchObject({
      serviceAccountName: 'cache', nodeSelector: { disk: 'ssd' }, priorityClassName: 'high',
      tolerations: [{ key: 'dedicated', operator: 'Exists' }], imagePullSecrets: [{ name: 'regcred' }],
      securityContext: { fsGroup: 1000 },
    });
    expect(p.spec.volumes?.map((v) => v.name)).toContain('data');
    expect(main(p).securityContext).toEqual({ runAsNonRoot: true, readOnlyRootFilesystem: true });
    expect(main(p).volumeMounts).toContainEqual({ name: 'data', mountPath: '/data' });
    expect(p.metadata.labels).toMatchObject({ team: 'a', 'kubenomad.io/job': 'example' });
  });

  it('mounts no service account token unless the kubernetes extension names a service account', () => {
    expect(pod(makeJob()).spec.automountServiceAccountToken).toBe(false);
    const named = makeGroup({ kubernetes: { serviceAccountName: 'cache' } });
    expect(pod(makeJob({ groups: [named] })).spec).toMatchObject({ serviceAccountName: 'cache', automountServiceAccountToken: true });
  });

  it('renders batch pods with restartPolicy OnFailure: failures restart in place until the restart block fails them', () => {
    expect(pod(jobOfType('batch')).spec.restartPolicy).toBe('OnFailure');
  });

  it('renders restartPolicy Never when no task may restart (restart attempts 0, mode fail)', () => {
    expect(pod(jobOfType('batch', 1, { restart: { attempts: 0, mode: 'fail' } })).spec.restartPolicy).toBe('Never');
    expect(pod(jobOfType('service', 1, { restart: { attempts: 0, mode: 'delay' } })).spec.restartPolicy).toBe('Always');
  });
});
