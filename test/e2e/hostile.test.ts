/**
 * Hostile inputs against the operator as a real child process, with its admission webhook served on loopback and
 * registered in the cluster for this file's namespace (by a namespace label; taking the label off lets a job reach
 * the controller unchecked). For each input: a clear rejection or a bounded, visible outcome; meanwhile /healthz and
 * the webhook answer each request in under a second, a probe job scales 1 → 3, VmRSS stays under 512 MiB, and once
 * shown the outcome stays settled (the job is not rewritten over and over). The worst event-loop delay (from the
 * operator's /metrics) is printed per case, not asserted.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeConfig } from '@kubernetes/client-node';
import { rmSync } from 'node:fs';
import { apiRequest, nomadJobsPath, statusMessage, type ApiResponse } from '../../src/bench-hostile/api-request.js';
import {
  hclRegexSource, manyGroupsJob, maxCountJob, MANY_GROUPS_MESSAGE, nomadJob, probeJob, REDOS_PATTERN, redosHostnames, redosText, regexpConstraintJob, wideHclSource,
} from '../../src/bench-hostile/cases.js';
import { startOperatorProcess, type OperatorProcess } from '../../src/bench-hostile/operator-process.js';
import { loopbackTls, registerLoopbackWebhook, setWebhookEnabled, webhookEnv, type LoopbackTls } from '../../src/bench-hostile/webhook.js';
import type { Condition, NomadJob } from '../../src/crds/nomadjob-types.js';
import { deleteFakeNodes } from '../../src/local-cluster/bootstrap.js';
import { waitFor } from '../../src/local-cluster/readiness.js';
import { DEFAULT_JOB_LIMITS } from '../../src/controllers/nomadjob/job-limits.js';
import { DEFAULT_PLACEMENT_BATCH } from '../../src/controllers/nomadjob/schedule.js';
import { unregisterWebhooks } from '../../src/webhook/index.js';
import { createNamespace, deleteNamespace, kubeConfig, kubeconfigPath } from './support/cluster.js';
import { jobEvents, placedClaim } from './support/events.js';
import { whileHostile, type HostileContext, type HostileRun } from './support/hostile.js';
import { deleteJob, jobPods, readJob } from './support/jobs.js';
import { createReadyNodes } from './support/nodes.js';

const NS = 'e2e-hostile';
const LABEL = 'kubenomad.io/e2e-hostile-webhook';
const CONFIG = 'kubenomad-e2e-hostile';
/** The probe job's nodes and the hostnames made for the backtracking pattern share one datacenter. */
const DC = 'hostile-dc';
const SMALL_NODES = ['hostile-1', 'hostile-2'];
const REDOS_NODES = redosHostnames(3);
/** Three small nodes for the count-100000 group: 2048 MiB each holds 16 allocations of 128 MB. */
const BIG_DC = 'hostile-big';
const BIG_NODES = ['hostile-big-1', 'hostile-big-2', 'hostile-big-3'];
const BIG_CAPACITY = 3 * 16;
const RSS_LIMIT_MIB = 512;

let kc: KubeConfig;
let tls: LoopbackTls;
let operator: OperatorProcess;
let ctx: HostileContext;

const create = (body: object | Buffer, query = ''): Promise<ApiResponse> => apiRequest(kc, 'POST', `${nomadJobsPath(NS)}${query}`, body);
const placed = (job: NomadJob | undefined): Condition | undefined => job?.status?.conditions?.find((c) => c.type === 'Placed');

/** Runs `act` with the webhook off for the namespace (the controller meets what it creates unchecked). */
async function withWebhookOff<T>(act: () => Promise<T>): Promise<T> {
  await setWebhookEnabled(kc, NS, LABEL, false);
  try {
    return await act();
  } finally {
    await setWebhookEnabled(kc, NS, LABEL, true);
  }
}

/** Waits until the job's Placed condition has one of the reasons, and returns the job. */
async function waitPlaced(name: string, reasons: string[], timeoutMs = 60_000): Promise<NomadJob> {
  let job: NomadJob | undefined;
  await waitFor(`${name} Placed=${reasons.join('|')}`, async () => {
    job = await readJob(kc, NS, name);
    const c = placed(job);
    return (c !== undefined && reasons.includes(c.reason ?? '')) || `Placed: ${JSON.stringify(c)}`;
  }, timeoutMs, 250);
  return job!;
}

/** The per-request bounds every case must keep, no probe failed, and the outcome stays settled (not rewritten). */
function expectResponsive(run: HostileRun<unknown>): void {
  expect(run.report.failures).toEqual([]);
  expect(run.report.samples).toBeGreaterThanOrEqual(12);
  expect(run.report.maxHealthzMs).toBeLessThan(1000);
  expect(run.report.maxAdmissionMs).toBeLessThan(1000);
  expect(run.report.maxRssMiB).toBeLessThan(RSS_LIMIT_MIB);
  expect(run.report.peakRssMiB).toBeLessThan(RSS_LIMIT_MIB);
  expect(run.settledWrites).toEqual({});
}

/** Deletes every NomadJob of the namespace and waits until their pods are gone (kube-controller-manager collects them). */
async function cleanAll(): Promise<void> {
  const r = await apiRequest(kc, 'GET', nomadJobsPath(NS));
  const names = (JSON.parse(r.body) as { items?: NomadJob[] }).items?.map((j) => j.metadata.name!) ?? [];
  for (const name of names) await deleteJob(kc, NS, name);
  await waitFor('every job and pod of the namespace gone', async () => {
    const left = (await jobPodsOfNamespace()).length;
    const jobs = (JSON.parse((await apiRequest(kc, 'GET', nomadJobsPath(NS))).body) as { items?: unknown[] }).items?.length ?? 0;
    return (left === 0 && jobs === 0) || `${jobs} jobs, ${left} pods left`;
  }, 120_000, 500);
}

async function jobPodsOfNamespace(): Promise<unknown[]> {
  const r = await apiRequest(kc, 'GET', `/api/v1/namespaces/${NS}/pods?labelSelector=kubenomad.io%2Fjob`);
  return (JSON.parse(r.body) as { items?: unknown[] }).items ?? [];
}

beforeAll(async () => {
  kc = kubeConfig();
  await createNamespace(kc, NS);
  await createReadyNodes(kc, [
    ...SMALL_NODES.map((name) => ({ name, datacenter: DC, cpuCores: 4, memoryMiB: 8192 })),
    ...REDOS_NODES.map((name) => ({ name, datacenter: DC, cpuCores: 4, memoryMiB: 8192 })),
    ...BIG_NODES.map((name) => ({ name, datacenter: BIG_DC, cpuCores: 2, memoryMiB: 2048 })),
  ]);
  tls = await loopbackTls();
  operator = startOperatorProcess({
    name: 'hostile-op', kubeconfig: kubeconfigPath(),
    env: { KUBENOMAD_NAMESPACE: NS, KUBENOMAD_METRICS_PORT: '0', ...webhookEnv(tls) },
  });
  await waitFor('the operator to serve metrics and the webhook and run its controllers', async () => {
    if (operator.exit()) throw new Error(`The operator exited: ${operator.log.slice(-20).join('\n')}`);
    return (operator.metricsPort() !== undefined && operator.webhookPort() !== undefined && operator.logged('operator running')) || operator.log.slice(-3).join('\n');
  }, 60_000, 250);
  await registerLoopbackWebhook(kc, { name: CONFIG, port: operator.webhookPort()!, tls: tls.tls, label: LABEL });
  await setWebhookEnabled(kc, NS, LABEL, true);
  ctx = { kc, operator, namespace: NS, probeDatacenter: DC, webhookCa: tls.tls.caCert };
}, 180_000);

afterAll(async () => {
  await operator?.kill();
  if (kc) {
    await unregisterWebhooks(kc, CONFIG).catch(() => undefined);
    await deleteNamespace(kc, NS);
    await deleteFakeNodes(kc, [...SMALL_NODES, ...REDOS_NODES, ...BIG_NODES]);
  }
  if (tls) rmSync(tls.certDir, { recursive: true, force: true });
}, 60_000);

describe('hostile inputs against the operator process', () => {
  // Each case starts from an empty namespace, whatever the previous one left behind.
  afterEach(cleanAll, 180_000);

  it('(a) a backtracking regexp constraint on 29+ a\'s + b hostnames, through the webhook and around it: no node matches, the failure is shown', async () => {
    const run = await whileHostile(ctx, 'a', async () => {
      const viaWebhook = await create(nomadJob(NS, 'redos-webhook', regexpConstraintJob(DC)));
      const direct = await withWebhookOff(() => create(nomadJob(NS, 'redos-direct', regexpConstraintJob(DC))));
      return { viaWebhook, direct, jobs: [await waitPlaced('redos-webhook', ['PlacementFailed']), await waitPlaced('redos-direct', ['PlacementFailed'])] };
    });
    // A valid RE2 pattern: the webhook accepts it.
    expect({ status: run.outcome.viaWebhook.status, message: statusMessage(run.outcome.viaWebhook) }).toMatchObject({ status: 201 });
    expect(run.outcome.direct.status).toBe(201);
    for (const job of run.outcome.jobs) {
      const [failure] = job.status?.placementFailures ?? [];
      // Every node of the datacenter was evaluated and excluded by the constraint, the hostile hostnames included.
      const key = Object.keys(failure?.constraintFiltered ?? {}).find((k) => k.includes(REDOS_PATTERN));
      expect(key).toBeDefined();
      expect(failure?.constraintFiltered?.[key!]).toBe(SMALL_NODES.length + REDOS_NODES.length);
      expect(placed(job)?.message).toContain(REDOS_PATTERN);
      expect(await jobPods(kc, NS, job.metadata.name!)).toHaveLength(0);
    }
    expectResponsive(run);
  }, 300_000);

  it('(b) HCL regex() with a backtracking pattern is answered at once by the mutating webhook: an error for no match, a result for a match', async () => {
    const run = await whileHostile(ctx, 'b', async () => {
      const failing = await create(nomadJob(NS, 'hcl-redos', { hcl: hclRegexSource('hcl-redos', DC) }));
      const matching = await create(nomadJob(NS, 'hcl-redos-match', { hcl: hclRegexSource('hcl-redos-match', DC, '^(?:a+)+b$') }));
      return { failing, matching, stored: await readJob(kc, NS, 'hcl-redos-match') };
    });
    const { failing, matching, stored } = run.outcome;
    console.log(`[hostile] (b) no match: HTTP ${failing.status} in ${Math.round(failing.ms)} ms: ${statusMessage(failing)}`);
    // Rejected with the position of the call, well before the apiserver's 10 s webhook timeout.
    expect(failing.status).toBeGreaterThanOrEqual(400);
    expect(failing.status).toBeLessThan(500);
    expect(statusMessage(failing)).toMatch(/hcl-redos\.nomad:4:\d+: .*regex\(\): pattern did not match/);
    expect(failing.ms).toBeLessThan(5000);
    expect(matching.status).toBe(201);
    expect(matching.ms).toBeLessThan(5000);
    expect(stored?.spec.meta?.matched).toBe(redosText(33));
    expectResponsive(run);
  }, 300_000);

  it('(c) one group at the schema maximum (count 100000) on three small nodes: what fits runs, the rest is shown queued, in bounded batches', async () => {
    const run = await whileHostile(ctx, 'c', async () => {
      const created = await create(nomadJob(NS, 'max-count', maxCountJob(BIG_DC)));
      let job: NomadJob | undefined;
      await waitFor(`status of max-count: ${BIG_CAPACITY} running`, async () => {
        job = await readJob(kc, NS, 'max-count');
        return job?.status?.summary?.g?.running === BIG_CAPACITY || JSON.stringify(job?.status?.summary);
      }, 180_000, 500);
      return { created, job: job! };
    });
    expect(run.outcome.created.status).toBe(201);
    const { job } = run.outcome;
    console.log(`[hostile] (c) status: ${JSON.stringify({ status: job.status?.status, summary: job.status?.summary, placed: placed(job) })}`);
    // Never more pods than the nodes hold; everything else visibly waits.
    expect(await jobPods(kc, NS, 'max-count')).toHaveLength(BIG_CAPACITY);
    expect(job.status?.desired).toBe(100_000);
    expect(job.status?.summary?.g?.queued ?? 0).toBeGreaterThan(0);
    expect(placed(job)?.reason).toMatch(/^(PlacementFailed|Queued)$/);
    expect(job.status?.status).toBe('running');
    expect(placed(job)?.status).toBe('False');
    expect(placed(job)?.message).toMatch(/allocations?/);
    // Each pass placed at most one batch.
    const claims = (await jobEvents(kc, NS, 'max-count')).filter((e) => e.reason === 'Placed').map(placedClaim);
    expect(claims.length).toBeGreaterThan(0);
    expect(Math.max(...claims)).toBeLessThanOrEqual(DEFAULT_PLACEMENT_BATCH);
    expectResponsive(run);
  }, 420_000);

  it('(d) 64 groups × 100000: rejected at admission with the allocation limit; created around the webhook, recorded InvalidJob and never placed', async () => {
    const run = await whileHostile(ctx, 'd', async () => {
      const viaWebhook = await create(nomadJob(NS, 'many-groups', manyGroupsJob(DC)));
      const direct = await withWebhookOff(() => create(nomadJob(NS, 'many-groups', manyGroupsJob(DC))));
      return { viaWebhook, direct, job: await waitPlaced('many-groups', ['InvalidJob']) };
    });
    const { viaWebhook, direct, job } = run.outcome;
    console.log(`[hostile] (d) through the webhook: HTTP ${viaWebhook.status} in ${Math.round(viaWebhook.ms)} ms: ${statusMessage(viaWebhook).slice(0, 400)}`);
    expect({ status: viaWebhook.status, message: statusMessage(viaWebhook) }).toMatchObject({ status: 422, message: expect.stringContaining(MANY_GROUPS_MESSAGE) });
    expect(direct.status).toBe(201);
    expect(placed(job)?.message).toContain(MANY_GROUPS_MESSAGE);
    expect(job.status?.status).toBe('dead');
    const events = (await jobEvents(kc, NS, 'many-groups')).filter((e) => e.reason === 'InvalidJob');
    expect(events).toHaveLength(1);
    // Nothing placed, checked after the probe job has scaled (several reconciles later).
    expect(await jobPods(kc, NS, 'many-groups')).toHaveLength(0);
    expectResponsive(run);
  }, 300_000);

  it('(e) a 5 MB spec.hcl is refused by the apiserver with its request size limit; a 2 MB one by the webhook\'s HCL bound', async () => {
    const filler = (bytes: number): string => `job "big" {\n${'  # padding padding padding padding padding padding padding padding\n'.repeat(Math.ceil(bytes / 68))}}\n`;
    const run = await whileHostile(ctx, 'e', async () => ({
      fiveMb: await create(nomadJob(NS, 'big', { hcl: filler(5_000_000) })).catch((err: Error) => err),
      twoMb: await create(nomadJob(NS, 'big', { hcl: filler(2_000_000) })),
    }));
    const { fiveMb, twoMb } = run.outcome;
    console.log(`[hostile] (e) 5 MB: ${fiveMb instanceof Error ? fiveMb.message : `HTTP ${fiveMb.status}: ${statusMessage(fiveMb)}`}`);
    console.log(`[hostile] (e) 2 MB: HTTP ${twoMb.status}: ${statusMessage(twoMb).slice(0, 300)}`);
    expect(fiveMb).not.toBeInstanceOf(Error);
    expect((fiveMb as ApiResponse).status).toBe(413);
    expect(statusMessage(fiveMb as ApiResponse)).toMatch(/too large/i);
    expect(twoMb.status).toBeGreaterThanOrEqual(400);
    expect(statusMessage(twoMb)).toMatch(/spec\.hcl is \d+ bytes; at most \d+ are allowed|larger than 1048576 bytes|Too long/);
    expect(await readJob(kc, NS, 'big')).toBeUndefined();
    expectResponsive(run);
  }, 300_000);

  it('(e) a wide jobspec: 1 MB is refused before translation; one just under the HCL bound is translated without freezing the operator', async () => {
    const underBound = wideHclSource('wide', DC, DEFAULT_JOB_LIMITS.maxHclBytes - 2048);
    expect(Buffer.byteLength(underBound)).toBeLessThan(DEFAULT_JOB_LIMITS.maxHclBytes);
    const run = await whileHostile(ctx, 'e-wide', async () => ({
      oneMb: await create(nomadJob(NS, 'wide', { hcl: wideHclSource('wide', DC, 1_000_000) })),
      underBound: await create(nomadJob(NS, 'wide', { hcl: underBound })),
    }));
    const { oneMb } = run.outcome;
    const under = run.outcome.underBound;
    console.log(`[hostile] (e) 1 MB: HTTP ${oneMb.status} in ${Math.round(oneMb.ms)} ms: ${statusMessage(oneMb).slice(0, 300)}`);
    console.log(`[hostile] (e) ${Buffer.byteLength(underBound)} bytes (${underBound.split('\n').length} lines): HTTP ${under.status} in ${Math.round(under.ms)} ms: ${statusMessage(under).slice(0, 300)}`);
    // Answers (a refusal, or a translation the schema then judges), not the apiserver's webhook timeout.
    for (const r of [oneMb, under]) {
      expect(r.status).toBeLessThan(500);
      expect(statusMessage(r)).not.toMatch(/deadline|timeout/i);
    }
    expect(oneMb.status).toBe(422);
    expect(statusMessage(oneMb)).toMatch(/spec\.hcl is \d+ bytes; at most \d+ are allowed|larger than 1048576 bytes/);
    expectResponsive(run);
  }, 300_000);

  it('(f) bytes that are not UTF-8 in a meta value: stored as U+FFFD replacement characters, visibly, and the job runs', async () => {
    const spec = { ...probeJob(DC, 1), meta: { note: 'MARKER' } };
    const text = JSON.stringify(nomadJob(NS, 'latin1', spec));
    const at = text.indexOf('MARKER');
    // "caf" then 0xE9 (Latin-1 é) then 0xFF 0xFE: invalid UTF-8 sequences.
    const body = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0xff, 0xfe]), Buffer.from(text.slice(at + 'MARKER'.length))]);
    const run = await whileHostile(ctx, 'f', async () => {
      const r = await create(body);
      if (r.status !== 201) return { r };
      await waitFor('latin1 running', async () => (await jobPods(kc, NS, 'latin1')).some((p) => p.status?.phase === 'Running'), 60_000, 250);
      return { r, job: await readJob(kc, NS, 'latin1'), pods: await jobPods(kc, NS, 'latin1') };
    });
    expectResponsive(run);
    const { r, job, pods } = run.outcome;
    const env = pods?.[0]?.spec?.containers?.[0]?.env?.find((e) => e.name === 'NOMAD_META_note')?.value;
    console.log(`[hostile] (f) HTTP ${r.status}; stored meta.note ${JSON.stringify(job?.spec.meta?.note)}; pod env NOMAD_META_note ${JSON.stringify(env)}`);
    // Either a clear rejection, or each invalid byte visibly replaced by U+FFFD — never dropped.
    if (r.status !== 201) {
      expect(statusMessage(r)).toMatch(/utf-?8|invalid/i);
      return;
    }
    expect(job?.spec.meta?.note).toBe('caf\uFFFD\uFFFD\uFFFD');
    expect(env).toBe('caf\uFFFD\uFFFD\uFFFD');
  }, 300_000);

  it('(g) unknown fields: rejected (400, strict decoding error) with fieldValidation=Strict, kubectl\'s default; else pruned with a warning', async () => {
    const spec = { ...probeJob(DC, 1), bogusField: 1, groups: [{ ...probeJob(DC, 1).groups![0]!, bogusGroupField: 'x' }] };
    const run = await whileHostile(ctx, 'g', async () => ({
      strict: await create(nomadJob(NS, 'unknown-strict', spec), '?fieldValidation=Strict'),
      lax: await create(nomadJob(NS, 'unknown-lax', spec)),
      stored: await readJob(kc, NS, 'unknown-lax'),
    }));
    const { strict, lax, stored } = run.outcome;
    console.log(`[hostile] (g) Strict: HTTP ${strict.status}: ${statusMessage(strict)}; default: HTTP ${lax.status}, warnings ${JSON.stringify(lax.warnings)}`);
    expect(strict.status).toBe(400);
    expect(statusMessage(strict)).toContain('unknown field "spec.bogusField"');
    expect(statusMessage(strict)).toContain('unknown field "spec.groups[0].bogusGroupField"');
    expect(lax.status).toBe(201);
    // Warning headers quote the text: 299 - "unknown field \"spec.bogusField\"".
    expect(lax.warnings.join(' ')).toContain('unknown field \\"spec.bogusField\\"');
    expect(stored?.spec).not.toHaveProperty('bogusField');
    expect(stored?.spec.groups?.[0]).not.toHaveProperty('bogusGroupField');
    expectResponsive(run);
  }, 300_000);

  it('kept its memory bounded over every case', () => {
    const peak = operator.peakRssMiB();
    console.log(`[hostile] operator VmHWM over the whole file: ${peak.toFixed(0)} MiB`);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThan(RSS_LIMIT_MIB);
  });
});
