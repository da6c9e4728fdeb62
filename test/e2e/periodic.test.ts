/**
 * Periodic jobs against the real control plane: the NomadJob controller and two periodic controller
 * replicas run in this process; kwok finishes the children's pods.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { startNomadJobController } from '../../src/controllers/nomadjob/controller.js';
import { startPeriodicController } from '../../src/controllers/periodic/controller.js';
import { ANNOTATION_FORCE, ANNOTATION_FORCE_HANDLED } from '../../src/controllers/periodic/observe.js';
import { LABEL_PERIODIC_LAUNCH_TIME } from '../../src/controllers/periodic/naming.js';
import type { NomadJob, NomadJobSpec } from '../../src/crds/nomadjob-types.js';
import type { Periodic } from '../../src/crds/periodic-types.js';
import { createFakeNodes, deleteFakeNodes } from '../../src/local-cluster/bootstrap.js';
import { COMPLETE_AFTER_ANNOTATION } from '../../src/local-cluster/kwok-stages.js';
import { waitFor } from '../../src/local-cluster/readiness.js';
import { createLogger } from '../../src/logging.js';
import { toApiError } from '../../src/k8s/objects.js';
import { Registry } from 'prom-client';
import { createNamespace, deleteNamespace, kubeConfig, kubectl } from './support/cluster.js';

const NS = 'e2e-periodic';
const DC = 'dc-periodic';
const NODES = ['periodic-node-a', 'periodic-node-b'];
const GROUP = { group: 'kubenomad.io', version: 'v1alpha1', namespace: NS };

let kc: KubeConfig;
let custom: CustomObjectsApi;
const running: Array<{ stop(): Promise<void> }> = [];

beforeAll(async () => {
  kc = kubeConfig();
  custom = kc.makeApiClient(CustomObjectsApi);
  await createNamespace(kc, NS);
  await createFakeNodes(kc, NODES.map((name) => ({ name, datacenter: DC, cpuCores: 16, memoryMiB: 32768 })));
  const log = createLogger(process.env.KUBENOMAD_E2E_LOG ?? 'silent');
  running.push(await startNomadJobController({ kc, log, registry: new Registry(), settings: { algorithm: 'binpack' }, namespace: NS }));
  // Two operator replicas: both reconcile every periodic job.
  running.push(await startPeriodicController({ kc, log, registry: new Registry(), namespace: NS }));
  running.push(await startPeriodicController({ kc, log, registry: new Registry(), namespace: NS }));
}, 90_000);

afterAll(async () => {
  for (const r of running) await r.stop();
  await deleteFakeNodes(kc, NODES);
  await deleteNamespace(kc, NS);
});

/** A batch job whose task finishes `runFor` after it starts. */
function batchJob(name: string, periodic: NomadJobSpec['periodic'], runFor = '1s'): NomadJob {
  return {
    apiVersion: 'kubenomad.io/v1alpha1',
    kind: 'NomadJob',
    metadata: { name, namespace: NS },
    spec: {
      type: 'batch',
      datacenters: [DC],
      periodic,
      groups: [{
        name: 'work',
        count: 1,
        tasks: [{
          name: 'work', driver: 'exec', config: { command: 'sleep', args: ['1'] },
          resources: { cpu: 100, memory: 64 },
          kubernetes: { annotations: { [COMPLETE_AFTER_ANNOTATION]: runFor } },
        }],
      }],
    },
  };
}

async function create(job: NomadJob): Promise<void> {
  await custom.createNamespacedCustomObject({ ...GROUP, plural: 'nomadjobs', body: job });
}

/** The Periodic of a job; undefined only when the apiserver says it does not exist (other errors fail). */
async function getPeriodic(name: string): Promise<Periodic | undefined> {
  try {
    return (await custom.getNamespacedCustomObject({ ...GROUP, plural: 'periodics', name })) as Periodic;
  } catch (err) {
    if (toApiError(err).code === 404) return undefined;
    throw err;
  }
}

async function children(parent: string): Promise<NomadJob[]> {
  const list = (await custom.listNamespacedCustomObject({ ...GROUP, plural: 'nomadjobs', labelSelector: `kubenomad.io/parent-job=${parent}` })) as { items: NomadJob[] };
  return list.items.sort((a, b) => Number(a.metadata.labels?.[LABEL_PERIODIC_LAUNCH_TIME]) - Number(b.metadata.labels?.[LABEL_PERIODIC_LAUNCH_TIME]));
}

const launchSeconds = (c: NomadJob): number => Number(c.metadata.labels?.[LABEL_PERIODIC_LAUNCH_TIME]);

/** Merge-patches a Periodic's spec; a refused patch fails the test instead of leaving the schedule as it was. */
async function patchPeriodicSpec(name: string, spec: object): Promise<void> {
  const r = kubectl(['-n', NS, 'patch', 'periodic', name, '--type', 'merge', '-p', JSON.stringify({ spec })]);
  if (r.status !== 0) throw new Error(`kubectl patch periodic ${name} failed: ${r.stderr}`);
}

async function stopJob(name: string): Promise<void> {
  await custom.deleteNamespacedCustomObject({ ...GROUP, plural: 'nomadjobs', name });
}

async function eventNotes(name: string, reason: string): Promise<string[]> {
  const events = await kc.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace: NS, fieldSelector: `involvedObject.name=${name}` });
  return events.items.filter((e) => e.reason === reason).map((e) => e.message ?? '');
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('periodic jobs', () => {
  it("shows seed 002's hourly cron in `kubectl get periodic` with its next launch at the top of the next hour", async () => {
    const fixture = load(readFileSync('test/fixtures/hcl/mysql-backup.yaml', 'utf8')) as { spec: NomadJobSpec };
    const before = new Date();
    await create({ apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: 'mysql-backup', namespace: NS }, spec: { ...fixture.spec, datacenters: [DC] } });
    await waitFor('Periodic mysql-backup with a next launch', async () => Boolean((await getPeriodic('mysql-backup'))?.status?.nextLaunch), 30_000);
    const after = new Date();
    const topOfHour = (d: Date): string => new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000 + 3_600_000).toISOString();
    const p = (await getPeriodic('mysql-backup'))!;
    expect([topOfHour(before), topOfHour(after)]).toContain(p.status?.nextLaunch);
    expect(p.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'NomadJob', name: 'mysql-backup', controller: true });
    const table = kubectl(['-n', NS, 'get', 'periodic', 'mysql-backup']);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^NAME\s+JOB\s+CRON\s+NEXT\s+LAST\s+AGE/);
    expect(table.stdout).toMatch(/mysql-backup\s+mysql-backup/);
    const next = kubectl(['-n', NS, 'get', 'periodic', 'mysql-backup', '-o', 'jsonpath={.status.nextLaunch}']);
    expect(next.stdout).toBe(p.status?.nextLaunch);
    // The template runs nothing and shows as running, as Nomad shows periodic parents.
    await waitFor('parent status running', async () => {
      const job = (await custom.getNamespacedCustomObject({ ...GROUP, plural: 'nomadjobs', name: 'mysql-backup' })) as NomadJob;
      return job.status?.status === 'running';
    }, 30_000);
    expect(await children('mysql-backup')).toHaveLength(0);
  }, 60_000);

  it('launches a child every 2 seconds, once per tick with two replicas, runs it, and stops when disabled', async () => {
    await create(batchJob('every2s', { cron: '*/2 * * * * * *' }));
    await waitFor('four children', async () => (await children('every2s')).length >= 4, 30_000);
    await patchPeriodicSpec('every2s', { enabled: false });
    await waitFor('schedule disabled', async () => {
      const p = await getPeriodic('every2s');
      return p !== undefined && p.status?.nextLaunch === undefined; // disabled, not gone
    }, 10_000);
    const launched = await children('every2s');
    const seconds = launched.map(launchSeconds);
    expect(seconds.every((s) => s % 2 === 0)).toBe(true);
    // Consecutive ticks, none missed or doubled.
    for (let i = 1; i < seconds.length; i++) expect(seconds[i]! - seconds[i - 1]!).toBe(2);
    expect(launched[0]!.metadata.name).toBe(`every2s-periodic-${seconds[0]}`);
    expect(launched[0]!.spec.id).toBe(`every2s/periodic-${seconds[0]}`);
    expect(launched[0]!.spec.periodic).toBeUndefined();
    expect(launched[0]!.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'NomadJob', name: 'every2s' });
    // Each tick's child was created by exactly one replica (the other got AlreadyExists).
    const notes = await eventNotes('every2s', 'Launched');
    for (const c of launched) expect(notes.filter((n) => n.includes(` as NomadJob ${c.metadata.name} `))).toHaveLength(1);
    // The children run through the NomadJob controller and finish.
    await waitFor('first child complete', async () => (await children('every2s'))[0]?.status?.status === 'dead', 30_000);
    await waitFor('status records a complete launch', async () =>
      ((await getPeriodic('every2s'))?.status?.launches ?? []).some((l) => l.outcome === 'complete'), 20_000);
    const count = (await children('every2s')).length;
    await sleep(4_000);
    expect((await children('every2s')).length).toBe(count);
    await stopJob('every2s');
  }, 90_000);

  it('with prohibit_overlap never runs two children at once and records the skipped ticks', async () => {
    await create(batchJob('nooverlap', { cron: '*/2 * * * * * *', prohibitOverlap: true }, '5s'));
    let maxRunning = 0;
    const deadline = Date.now() + 14_000;
    while (Date.now() < deadline) {
      const live = (await children('nooverlap')).filter((c) => c.status?.status !== 'dead');
      maxRunning = Math.max(maxRunning, live.length);
      await sleep(250);
    }
    await patchPeriodicSpec('nooverlap', { enabled: false });
    expect(maxRunning).toBe(1);
    expect((await children('nooverlap')).length).toBeGreaterThanOrEqual(2);
    const launches = (await getPeriodic('nooverlap'))?.status?.launches ?? [];
    const skipped = launches.filter((l) => l.outcome === 'skipped');
    expect(skipped.length).toBeGreaterThanOrEqual(2);
    expect(skipped[0]!.reason).toContain('prohibit_overlap');
    expect((await eventNotes('nooverlap', 'Skipped')).length).toBeGreaterThanOrEqual(2);
    await stopJob('nooverlap');
  }, 60_000);

  it('force-launches at once when the job is annotated, once, named by the request time', async () => {
    await create(batchJob('forced', { cron: '@yearly' }));
    await waitFor('schedule tracked', async () => Boolean((await getPeriodic('forced'))?.status?.nextLaunch), 30_000);
    const requested = new Date();
    expect(kubectl(['-n', NS, 'annotate', 'nomadjob', 'forced', `${ANNOTATION_FORCE}=${requested.toISOString()}`]).status).toBe(0);
    await waitFor('forced child', async () => (await children('forced')).length === 1, 20_000);
    const [child] = await children('forced');
    expect(launchSeconds(child!)).toBe(Math.floor(requested.getTime() / 1000));
    expect(child!.metadata.annotations?.['kubenomad.io/periodic-launch-reason']).toBe('forced');
    await waitFor('request marked handled', async () => {
      const job = (await custom.getNamespacedCustomObject({ ...GROUP, plural: 'nomadjobs', name: 'forced' })) as NomadJob;
      return job.metadata.annotations?.[ANNOTATION_FORCE_HANDLED] === requested.toISOString();
    }, 10_000);
    await sleep(2_000);
    expect(await children('forced')).toHaveLength(1);
    // The schedule did not move.
    expect((await getPeriodic('forced'))?.status?.nextLaunch).toMatch(/-01-01T00:00:00.000Z$/);
    await stopJob('forced');
  }, 60_000);

  it('keeps only the newest finished children beyond the history limit', async () => {
    await create(batchJob('history', { cron: '*/2 * * * * * *' }, '500ms'));
    await waitFor('Periodic created', async () => Boolean(await getPeriodic('history')), 20_000);
    await patchPeriodicSpec('history', { historyLimit: 2 });
    await waitFor('six launches', async () => (await launchedCount('history')) >= 6, 40_000);
    await patchPeriodicSpec('history', { enabled: false });
    await waitFor('trimmed to the limit', async () => {
      const finished = (await children('history')).filter((c) => c.status?.status === 'dead');
      const all = await children('history');
      return all.length <= 2 && finished.length === all.length;
    }, 30_000);
    const kept = (await children('history')).map(launchSeconds);
    const last = Date.parse((await getPeriodic('history'))!.status!.lastLaunch!) / 1000;
    expect(Math.max(...kept)).toBe(last);
    expect((await eventNotes('history', 'Trimmed')).length).toBeGreaterThanOrEqual(3);
    await stopJob('history');
  }, 90_000);

  it('stops the schedule when the parent is deleted (its Periodic and children are garbage-collected)', async () => {
    await create(batchJob('deleted', { cron: '*/2 * * * * * *' }));
    await waitFor('a child', async () => (await children('deleted')).length >= 1, 20_000);
    await stopJob('deleted');
    await waitFor('Periodic gone', async () => (await getPeriodic('deleted')) === undefined, 30_000);
    await waitFor('children gone', async () => (await children('deleted')).length === 0, 30_000);
  }, 70_000);
});

async function launchedCount(name: string): Promise<number> {
  return (await eventNotes(name, 'Launched')).length;
}
