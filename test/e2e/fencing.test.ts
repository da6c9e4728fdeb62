/**
 * Never two leaders: two operator processes elect a leader over a short lease; the leader is frozen (SIGSTOP) for
 * twice the lease while a 2-second periodic job and a service job run, the other replica takes over and launches
 * ticks, then the old leader is resumed. Its fence must already be closed: no tick launched twice, no tick from its
 * pause window that the new leader did not launch, no allocation created twice, and it stops leading (and exits).
 * Every change of the namespace's NomadJobs and pods is recorded by a watch, so nothing that came and went is missed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CustomObjectsApi, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { apiRequest } from '../../src/bench-hostile/api-request.js';
import { probeJob } from '../../src/bench-hostile/cases.js';
import { startOperatorProcess, type OperatorProcess } from '../../src/bench-hostile/operator-process.js';
import { LABEL_PARENT_JOB, LABEL_PERIODIC_LAUNCH_TIME } from '../../src/controllers/periodic/naming.js';
import type { NomadJob } from '../../src/crds/nomadjob-types.js';
import type { Periodic } from '../../src/crds/periodic-types.js';
import { createFakeNodes, deleteFakeNodes } from '../../src/local-cluster/bootstrap.js';
import { COMPLETE_AFTER_ANNOTATION } from '../../src/local-cluster/kwok-stages.js';
import { waitFor } from '../../src/local-cluster/readiness.js';
import { ALLOC_INDEX, waitRunning } from './support/alloc.js';
import { createNamespace, deleteNamespace, kubeConfig, kubeconfigPath } from './support/cluster.js';
import { createJob } from './support/jobs.js';
import { recordChanges, type Recorder } from './support/watch.js';

const NS = 'e2e-fencing';
const DC = 'fencing-dc';
const NODES = ['fencing-1', 'fencing-2'];
const LEASE = 'kubenomad-e2e-fencing';
const LEASE_SECONDS = 4;
const PAUSE_MS = 2 * LEASE_SECONDS * 1000;
const TICK = 'tick';
const SERVICE = 'svc';

let kc: KubeConfig;
const operators: OperatorProcess[] = [];
let jobs: Recorder<NomadJob> | undefined;
let pods: Recorder<V1Pod> | undefined;

function startReplica(name: string): OperatorProcess {
  const op = startOperatorProcess({
    name, kubeconfig: kubeconfigPath(),
    env: {
      KUBENOMAD_NAMESPACE: NS, KUBENOMAD_METRICS_PORT: '0',
      KUBENOMAD_LEADER_ELECTION_ID: LEASE, KUBENOMAD_LEADER_ELECTION_NAMESPACE: NS,
      KUBENOMAD_LEASE_DURATION_SECONDS: String(LEASE_SECONDS), KUBENOMAD_RENEW_DEADLINE_SECONDS: '3', KUBENOMAD_RETRY_PERIOD_SECONDS: '1',
    },
  });
  operators.push(op);
  return op;
}

/** A batch job launched every 2 seconds; its pod finishes a second after it starts. */
function periodicJob(): NomadJob {
  return {
    apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', metadata: { name: TICK, namespace: NS },
    spec: {
      type: 'batch', datacenters: [DC], periodic: { cron: '*/2 * * * * * *' },
      groups: [{
        name: 'work', count: 1,
        tasks: [{ name: 'work', driver: 'exec', config: { command: 'true' }, resources: { cpu: 100, memory: 64 }, kubernetes: { annotations: { [COMPLETE_AFTER_ANNOTATION]: '1s' } } }],
      }],
    },
  };
}

const launchSeconds = (j: NomadJob): number => Number(j.metadata.labels?.[LABEL_PERIODIC_LAUNCH_TIME]);
const isChild = (j: NomadJob): boolean => j.metadata.labels?.[LABEL_PARENT_JOB] === TICK;

/** Children ever created (first ADDED of each uid), in creation order. */
function createdChildren(): NomadJob[] {
  const seen = new Set<string>();
  return (jobs?.events ?? []).filter((e) => (e.type === 'ADDED' || e.type === 'LISTED') && isChild(e.object)).map((e) => e.object)
    .filter((j) => !seen.has(j.metadata.uid!) && seen.add(j.metadata.uid!));
}

/** The election's log lines of both replicas, for failure messages. */
function electionLog(...ops: OperatorProcess[]): string[] {
  return ops.flatMap((op) => op.log.filter((l) => /leader|lease|renew/i.test(l)).map((l) => `${op.name}: ${l}`));
}

/** An events.k8s.io Event as the operator writes them. */
interface Event {
  reason?: string;
  note?: string;
  reportingInstance?: string;
  eventTime?: string;
  regarding?: { name?: string; kind?: string };
}

async function namespaceEvents(): Promise<Event[]> {
  const r = await apiRequest(kc, 'GET', `/apis/events.k8s.io/v1/namespaces/${NS}/events`);
  if (r.status !== 200) throw new Error(`Cannot list events: ${r.status} ${r.body.slice(0, 200)}`);
  return (JSON.parse(r.body) as { items: Event[] }).items;
}

/** Launch events (tick, catch-up or forced) naming a child. */
const launchEvents = (events: Event[], child: string): Event[] =>
  events.filter((e) => ['Launched', 'CaughtUp', 'Forced'].includes(e.reason ?? '') && (e.note ?? '').includes(` as NomadJob ${child} `));

beforeAll(async () => {
  kc = kubeConfig();
  await createNamespace(kc, NS);
  await createFakeNodes(kc, NODES.map((name) => ({ name, datacenter: DC, cpuCores: 16, memoryMiB: 32768 })));
  const jobsPath = `/apis/kubenomad.io/v1alpha1/namespaces/${NS}/nomadjobs`;
  // Right after the CRDs are installed their storage may still be initialising (429).
  await waitFor('NomadJobs served', async () => (await apiRequest(kc, 'GET', jobsPath)).status === 200, 60_000, 250);
  jobs = await recordChanges<NomadJob>(kc, { path: jobsPath });
  pods = await recordChanges<V1Pod>(kc, { path: `/api/v1/namespaces/${NS}/pods` });
}, 60_000);

afterAll(async () => {
  for (const op of operators) await op.kill();
  jobs?.stop();
  pods?.stop();
  if (kc) {
    await deleteNamespace(kc, NS);
    await deleteFakeNodes(kc, NODES);
  }
}, 60_000);

describe('fencing: a leader frozen past its lease', () => {
  it('resumes to find itself fenced: no tick launched twice, no allocation duplicated, and it stops leading', async () => {
    const a = startReplica('fence-a');
    const b = startReplica('fence-b');
    await waitFor('a leader', async () => a.logged('became leader') || b.logged('became leader'), 60_000, 200);
    const [leader, follower] = a.logged('became leader') ? [a, b] : [b, a];
    await createJob(kc, NS, SERVICE, probeJob(DC, 3));
    await kc.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({ group: 'kubenomad.io', version: 'v1alpha1', plural: 'nomadjobs', namespace: NS, body: periodicJob() });
    await waitRunning(kc, NS, SERVICE, 3, 60_000);
    await waitFor('two ticks launched by the first leader', async () => createdChildren().length >= 2, 60_000, 200);
    // No hand-over yet (a replica that missed its renew deadline would have exited).
    expect({ follower: follower.logged('became leader'), leaderExit: leader.exit(), log: electionLog(leader, follower) })
      .toMatchObject({ follower: false, leaderExit: undefined });

    leader.signal('SIGSTOP');
    const pausedAt = Date.now();
    const lastTickBeforePause = Math.max(...createdChildren().map(launchSeconds));
    await waitFor('the other replica to lead', async () => follower.logged('became leader'), PAUSE_MS + 30_000, 200);
    await waitFor(`two ticks launched by the new leader, and ${PAUSE_MS} ms of pause`, async () => {
      const launched = createdChildren().filter((c) => launchSeconds(c) > lastTickBeforePause).length;
      return (launched >= 2 && Date.now() - pausedAt >= PAUSE_MS) || `${launched} ticks since the pause, paused ${Date.now() - pausedAt} ms`;
    }, 60_000, 200);
    leader.signal('SIGCONT');
    const resumedAt = Date.now();

    await waitFor('the old leader to say it lost the lease', async () => leader.logged('lost the leader lease'), 30_000, 100);
    await waitFor('the old leader to exit', async () => leader.exit() !== undefined, 30_000, 100);
    // Time enough for a late write to show: two more ticks of the new leader after the resume.
    await waitFor('two ticks after the resume', async () => createdChildren().filter((c) => launchSeconds(c) * 1000 > resumedAt).length >= 2, 30_000, 200);
    await waitFor('pods of every child created', async () => {
      const withPods = new Set((pods?.events ?? []).map((e) => e.object.metadata?.labels?.['kubenomad.io/job']));
      const missing = createdChildren().filter((c) => !withPods.has(c.metadata.name));
      return missing.length === 0 || `no pod yet for ${missing.map((c) => c.metadata.name).join(', ')}`;
    }, 30_000, 200);
    jobs!.assertComplete();
    pods!.assertComplete();

    const children = createdChildren();
    // A child's launch event is written right after the child: on a loaded machine the newest may still lack it.
    let events = await namespaceEvents();
    await waitFor('the launch event of every child since the pause', async () => {
      events = await namespaceEvents();
      const missing = children.filter((c) => launchSeconds(c) > lastTickBeforePause && launchEvents(events, c.metadata.name!).length === 0);
      return missing.length === 0 || `no launch event yet for ${missing.map((c) => c.metadata.name).join(', ')}`;
    }, 30_000, 200);
    const refused = leader.log.filter((l) => l.includes('Refused'));
    console.log(`[fencing] paused ${resumedAt - pausedAt} ms; children ${children.map((c) => `${launchSeconds(c)}:${c.metadata.annotations?.['kubenomad.io/periodic-launch-reason']}`).join(' ')}; ` +
      `old leader exit ${JSON.stringify(leader.exit())}, ${refused.length} refused writes logged`);

    // One child per launch time, each created once (a second ADDED of a name would be a re-creation).
    const names = children.map((c) => c.metadata.name);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(children.map(launchSeconds)).size).toBe(children.length);
    // No launch recorded twice. (The old leader's last launch before the pause may lack its event: SIGSTOP can land
    // between the create and the event, and once resumed the fence refuses the event.)
    const launchedBy = (c: NomadJob): string[] => launchEvents(events, c.metadata.name!).map((e) => e.reportingInstance ?? '?');
    console.log(`[fencing] launches: ${children.map((c) => `${c.metadata.name} created ${c.metadata.creationTimestamp} by ${launchedBy(c).join('+') || 'no event'}`).join('; ')}`);
    for (const c of children) expect(launchedBy(c).length).toBeLessThanOrEqual(1);
    // Nothing was created by the frozen leader after the pause began: every later child was launched by the new leader.
    const beforePause = children.filter((c) => launchSeconds(c) <= lastTickBeforePause);
    for (const c of beforePause) expect(Date.parse(c.metadata.creationTimestamp!)).toBeLessThanOrEqual(pausedAt);
    const sincePause = children.filter((c) => launchSeconds(c) > lastTickBeforePause);
    expect(sincePause.length).toBeGreaterThanOrEqual(4);
    for (const c of sincePause) expect({ child: c.metadata.name, by: launchedBy(c) }).toEqual({ child: c.metadata.name, by: [follower.name] });
    // The old leader wrote nothing after it resumed (its events carry its own clock's time and name).
    const late = events.filter((e) => e.reportingInstance === leader.name && Date.parse(e.eventTime ?? '') >= resumedAt);
    expect(late).toEqual([]);
    // The Periodic's launch record has each tick once.
    const periodic = (await apiRequest(kc, 'GET', `/apis/kubenomad.io/v1alpha1/namespaces/${NS}/periodics/${TICK}`));
    const launches = ((JSON.parse(periodic.body) as Periodic).status?.launches ?? []).map((l) => l.time);
    expect(new Set(launches).size).toBe(launches.length);

    // One pod per allocation of every job, ever: the service job's three and each child's one.
    const uidsBySlot = new Map<string, Set<string>>();
    for (const e of pods!.events) {
      const labels = e.object.metadata?.labels ?? {};
      const slot = `${labels['kubenomad.io/job']}[${labels[ALLOC_INDEX]}]`;
      uidsBySlot.set(slot, (uidsBySlot.get(slot) ?? new Set()).add(e.object.metadata!.uid!));
    }
    const duplicated = [...uidsBySlot].filter(([, uids]) => uids.size > 1).map(([slot, uids]) => `${slot}×${uids.size}`);
    expect(duplicated).toEqual([]);
    expect([...uidsBySlot.keys()].filter((s) => s.startsWith(`${SERVICE}[`)).sort()).toEqual([`${SERVICE}[0]`, `${SERVICE}[1]`, `${SERVICE}[2]`]);
    // The new leader still leads.
    expect(follower.exit()).toBeUndefined();
  }, 240_000);
});
