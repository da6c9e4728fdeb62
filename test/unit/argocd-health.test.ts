/**
 * The Argo CD health checks (deploy/argocd/*.lua) run in gopher-lua (the interpreter Argo CD embeds)
 * against status objects shaped like the controllers write them.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as yaml from 'js-yaml';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIR = join(ROOT, 'deploy/argocd');
let lua: string;

/** A JSON value as a Lua table constructor (what Argo CD hands the script as `obj`). */
function toLua(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `{${v.map(toLua).join(', ')}}`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `[${JSON.stringify(k)}] = ${toLua(x)}`).join(', ')}}`;
}

function health(script: string, obj: object): { status: string; message: string } {
  const program = `obj = ${toLua(obj)}\nlocal hs = (function()\n${readFileSync(join(DIR, script), 'utf8')}\nend)()\nprint(hs.status)\nprint(hs.message)\n`;
  const r = spawnSync(lua, ['-e', program], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`lua failed: ${r.stderr}${r.stdout}`);
  const [status = '', message = ''] = r.stdout.split('\n');
  return { status, message };
}

const cond = (type: string, status: string, reason: string, message = `${type} ${reason}`): object => ({ type, status, reason, message, lastTransitionTime: '2025-03-01T12:00:00Z' });
const job = (status: object | undefined, extra: { generation?: number; stop?: boolean } = {}): object => ({
  apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'web', namespace: 'jobs', generation: extra.generation ?? 2 },
  spec: { type: 'service', stop: extra.stop }, status,
});
const observed = (s: object): object => ({ observedGeneration: 2, ...s });
const deployment = (jobVersion: number, status: string): object => ({ id: '3f2a9c1e-0000-8000-a000-000000000000', jobVersion, status, statusDescription: `Deployment is ${status}`, createdAt: '2025-03-01T12:00:00Z', groups: {} });

beforeAll(() => {
  lua = execFileSync('bash', [join(ROOT, 'scripts/tools.sh'), 'lua'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 600_000 }).trim();
}, 600_000);

describe('NomadJob health', () => {
  it.each([
    ['Progressing before the operator writes a status', job(undefined), 'Progressing'],
    ['Progressing while the status is for an older generation', job({ observedGeneration: 1, status: 'running', conditions: [cond('Healthy', 'True', 'Running')] }), 'Progressing'],
    ['Healthy when every allocation runs', job(observed({ status: 'running', conditions: [cond('Placed', 'True', 'AllPlaced'), cond('Healthy', 'True', 'Running', '3 of 3 running')] })), 'Healthy'],
    ['Healthy when a batch job completed', job(observed({ status: 'dead', conditions: [cond('Placed', 'True', 'AllPlaced'), cond('Healthy', 'True', 'Complete')] })), 'Healthy'],
    ['Progressing while allocations start', job(observed({ status: 'pending', conditions: [cond('Placed', 'True', 'AllPlaced'), cond('Healthy', 'False', 'Starting', '1 of 3 running')] })), 'Progressing'],
    ['Progressing while allocations are queued', job(observed({ status: 'pending', conditions: [cond('Placed', 'False', 'Queued')] })), 'Progressing'],
    ['Progressing while failed allocations wait to be rescheduled', job(observed({ status: 'running', conditions: [cond('Healthy', 'False', 'Rescheduling')] })), 'Progressing'],
    ['Degraded when allocations failed for good', job(observed({ status: 'running', conditions: [cond('Healthy', 'False', 'AllocationsFailed')] })), 'Degraded'],
    ['Degraded when allocations were lost with their node', job(observed({ status: 'running', conditions: [cond('Healthy', 'False', 'AllocationsLost')] })), 'Degraded'],
    ['Suspended when the job is stopped', job(observed({ status: 'dead', conditions: [cond('Healthy', 'False', 'JobStopped')] }), { stop: true }), 'Suspended'],
    ['Progressing mid-deployment', job(observed({ status: 'running', jobVersion: 3, deployment: deployment(3, 'running'), conditions: [cond('Healthy', 'True', 'Running')] })), 'Progressing'],
    ['Suspended while canaries await promotion', job(observed({ status: 'running', jobVersion: 3, deployment: deployment(3, 'blocked'), conditions: [cond('Healthy', 'True', 'Running')] })), 'Suspended'],
    ['Suspended while the deployment is paused', job(observed({ status: 'running', jobVersion: 3, deployment: deployment(3, 'paused'), conditions: [cond('Healthy', 'True', 'Running')] })), 'Suspended'],
    ['Degraded when the deployment failed', job(observed({ status: 'running', jobVersion: 3, deployment: deployment(3, 'failed'), conditions: [cond('Healthy', 'True', 'Running')] })), 'Degraded'],
    ['Healthy once the deployment succeeded', job(observed({ status: 'running', jobVersion: 3, deployment: deployment(3, 'successful'), conditions: [cond('Healthy', 'True', 'Running')] })), 'Healthy'],
    ['Healthy again after auto_revert: the failed deployment is of an older version', job(observed({ status: 'running', jobVersion: 4, deployment: deployment(3, 'failed'), conditions: [cond('Healthy', 'True', 'Running')] })), 'Healthy'],
  ])('%s', (_name, obj, status) => {
    expect(health('nomadjob-health.lua', obj).status).toBe(status);
  });

  it('reports the placement failure message of `nomad job plan` when placement failed', () => {
    const failure = { group: 'cache', failedAllocations: 2, nodesEvaluated: 6, nodesFiltered: 0, nodesAvailable: { dc1: 6 }, nodesExhausted: 6, dimensionExhausted: { memory: 6 }, message: 'Dimension "memory" exhausted on 6 nodes' };
    const h = health('nomadjob-health.lua', job(observed({ status: 'pending', placementFailures: [failure], conditions: [cond('Placed', 'False', 'PlacementFailed', 'Failed to place 2 allocations')] })));
    expect(h).toEqual({ status: 'Degraded', message: 'Dimension "memory" exhausted on 6 nodes' });
  });
});

describe('Dispatch health', () => {
  const dispatch = (status?: object): object => ({ apiVersion: 'kubenomad.io/v1alpha1', kind: 'Dispatch', metadata: { name: 'd', generation: 1 }, spec: { job: 'p' }, status });
  it.each([
    ['Progressing without a status', dispatch(), 'Progressing', 'Waiting for the dispatch'],
    ['Progressing while pending', dispatch({ phase: 'pending', childJob: 'p-dispatch-1' }), 'Progressing', 'Dispatch is pending'],
    ['Healthy while the child runs', dispatch({ phase: 'running', childJob: 'p-dispatch-1' }), 'Healthy', 'Dispatched job p-dispatch-1 is running'],
    ['Healthy when the child completed', dispatch({ phase: 'complete', childJob: 'p-dispatch-1' }), 'Healthy', 'Dispatched job p-dispatch-1 completed'],
    ['Degraded when the child failed', dispatch({ phase: 'failed', childJob: 'p-dispatch-1' }), 'Degraded', 'Dispatched job p-dispatch-1 failed'],
  ])('%s', (_name, obj, status, message) => {
    expect(health('dispatch-health.lua', obj)).toEqual({ status, message });
  });
});

describe('Periodic health', () => {
  const periodic = (status?: object, generation = 1): object => ({ apiVersion: 'kubenomad.io/v1alpha1', kind: 'Periodic', metadata: { name: 'nightly', generation }, spec: { job: 'report' }, status });
  it.each([
    ['Progressing without a status', periodic(), 'Progressing'],
    ['Progressing while the status is for an older generation', periodic({ observedGeneration: 1, nextLaunch: '2025-03-02T00:00:00Z' }, 2), 'Progressing'],
    ['Healthy with a next launch', periodic({ observedGeneration: 1, nextLaunch: '2025-03-02T00:00:00Z', conditions: [cond('Scheduled', 'True', 'Scheduled')] }), 'Healthy'],
    ['Suspended when launches are disabled', periodic({ observedGeneration: 1, conditions: [cond('Scheduled', 'False', 'Disabled')] }), 'Suspended'],
    ['Degraded when no cron expression has a future launch', periodic({ observedGeneration: 1, conditions: [cond('Scheduled', 'False', 'NoFutureLaunch')] }), 'Degraded'],
  ])('%s', (_name, obj, status) => {
    expect(health('periodic-health.lua', obj).status).toBe(status);
  });
});

describe('argocd-cm-health.yaml', () => {
  it('carries the .lua files under resource.customizations.health.kubenomad.io_<Kind>', () => {
    const cm = yaml.load(readFileSync(join(DIR, 'argocd-cm-health.yaml'), 'utf8')) as { kind: string; data: Record<string, string> };
    expect(cm.kind).toBe('ConfigMap');
    expect(cm.data).toEqual({
      'resource.customizations.health.kubenomad.io_NomadJob': readFileSync(join(DIR, 'nomadjob-health.lua'), 'utf8'),
      'resource.customizations.health.kubenomad.io_Dispatch': readFileSync(join(DIR, 'dispatch-health.lua'), 'utf8'),
      'resource.customizations.health.kubenomad.io_Periodic': readFileSync(join(DIR, 'periodic-health.lua'), 'utf8'),
    });
  });
});
