import { describe, expect, it } from '@jest/globals';
import type { Service, ServiceCheck } from '../../crds/nomadjob-types.js';
import { checkProbe, taskProbes } from './probes.js';
import { makeGroup, redisTask } from './testing/builders.js';

const ports = [{ label: 'http', value: 23456, to: 8080 }, { label: 'admin', value: 24000 }];
const service = (checks: Service['checks'], extra: Partial<Service> = {}): Service => ({ name: 'web', port: 'http', checks, ...extra });

describe('checkProbe', () => {
  it.each([
    ['http: path, header, https, the port\'s "to"', { type: 'http', path: '/health', protocol: 'https', header: { 'X-A': ['1', '2'] }, interval: '5s', timeout: '1500ms' },
      { httpGet: { path: '/health', port: 8080, scheme: 'HTTPS', httpHeaders: [{ name: 'X-A', value: '1' }, { name: 'X-A', value: '2' }] }, periodSeconds: 5, timeoutSeconds: 2 }],
    ['tcp on another label (its dynamic value)', { type: 'tcp', port: 'admin' }, { tcpSocket: { port: 24000 }, periodSeconds: 10, timeoutSeconds: 2 }],
    ['grpc with its service', { type: 'grpc', grpcService: 'health.v1' }, { grpc: { port: 8080, service: 'health.v1' }, periodSeconds: 10, timeoutSeconds: 2 }],
    ['script', { type: 'script', command: '/bin/check', args: ['-q'] }, { exec: { command: ['/bin/check', '-q'] }, periodSeconds: 10, timeoutSeconds: 2 }],
  ] as Array<[string, ServiceCheck, object]>)('%s', (_name, check, probe) => {
    expect(checkProbe(check, service([]), ports)).toEqual(probe);
  });

  it('says why a check cannot be a probe', () => {
    expect(checkProbe({ type: 'http' }, service([], { port: 'nope' }), ports)).toBe('a http check needs a port');
    expect(checkProbe({ type: 'docker' }, service([]), ports)).toBe('check type "docker" is not supported (http, tcp, grpc, script)');
  });
});

describe('taskProbes', () => {
  it('gives the task serving a group service its readiness probe, and check_restart its liveness', () => {
    const check = { type: 'http', path: '/', checkRestart: { limit: 3, grace: '10s' } };
    const group = makeGroup({ services: [service([check])], tasks: [redisTask({ config: { image: 'x', ports: ['http'] } })] });
    const probes = taskProbes(group, group.tasks[0]!, ports);
    expect(probes.readinessProbe).toEqual({ httpGet: { path: '/', port: 8080 }, periodSeconds: 10, timeoutSeconds: 2 });
    expect(probes.livenessProbe).toEqual({ httpGet: { path: '/', port: 8080 }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3, initialDelaySeconds: 10 });
  });

  it('probes the first check and reports the others', () => {
    const task = redisTask({ services: [service([{ type: 'tcp' }, { type: 'http', name: 'deep', method: 'POST' }])] });
    const probes = taskProbes(makeGroup({ tasks: [task] }), task, ports);
    expect(probes.readinessProbe?.tcpSocket).toEqual({ port: 8080 });
    expect(probes.warnings).toEqual([
      'Service "web" check "deep": method POST is probed as GET (Kubernetes probes only GET)',
      'Service "web" check "deep": task "redis" already has a readiness probe (Kubernetes runs one per container); not probed',
    ]);
  });
});
