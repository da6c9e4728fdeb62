// Periodic planning: ticks, overlap, force, catch-up on leader takeover, disabled jobs, history trim.
import { describe, expect, it } from '@jest/globals';
import type { NomadJobSpec } from '../../crds/nomadjob-types.js';
import { compilePeriodic, effectivePeriodic, type CompiledPeriodic } from './config.js';
import { planPeriodic, type PeriodicChild, type PeriodicPlanInput } from './plan.js';

const at = (iso: string): Date => new Date(iso);
const unix = (iso: string): number => Date.parse(iso) / 1000;

function compiled(spec: NomadJobSpec): CompiledPeriodic {
  const settings = effectivePeriodic(spec);
  if (!settings) throw new Error('not periodic');
  const result = compilePeriodic(spec, settings);
  if (Array.isArray(result)) throw new Error(JSON.stringify(result));
  return result;
}

/** Seed 002: mysql-backup, cron "0 * * * * *" (6 fields: minute 0 of every hour), prohibit_overlap. */
const BACKUP: NomadJobSpec = { type: 'batch', periodic: { cron: '0 * * * * *', prohibitOverlap: true } };

function input(overrides: Partial<PeriodicPlanInput> = {}): PeriodicPlanInput {
  return {
    parent: { name: 'mysql-backup', id: 'mysql-backup', createdAt: at('2016-10-18T20:10:00Z'), active: true },
    periodic: compiled(BACKUP),
    now: at('2016-10-18T21:00:00.250Z'),
    pendingLaunch: at('2016-10-18T21:00:00Z'),
    takeover: false,
    children: [],
    ...overrides,
  };
}

const child = (iso: string, running: boolean): PeriodicChild =>
  ({ name: `mysql-backup-periodic-${unix(iso)}`, launchTime: at(iso), running });

describe('launching ticks', () => {
  it('launches the due tick, named after the tick, and schedules the next one', () => {
    const plan = planPeriodic(input());
    expect(plan.launches).toEqual([{
      name: 'mysql-backup-periodic-1476824400', id: 'mysql-backup/periodic-1476824400',
      launchTime: at('2016-10-18T21:00:00Z'), reason: 'tick',
    }]);
    expect(plan.nextLaunch).toEqual(at('2016-10-18T22:00:00Z'));
    expect(plan.requeueAt).toEqual(at('2016-10-18T22:00:00Z'));
    expect(plan.lastLaunch).toEqual(at('2016-10-18T21:00:00Z'));
  });

  it('does nothing before the tick and asks to be woken at that instant', () => {
    const plan = planPeriodic(input({ now: at('2016-10-18T20:59:59Z') }));
    expect(plan.launches).toEqual([]);
    expect(plan.requeueAt).toEqual(at('2016-10-18T21:00:00Z'));
  });

  it('is idempotent: a child of that tick already exists (other replica, or status not yet written)', () => {
    const plan = planPeriodic(input({ children: [child('2016-10-18T21:00:00Z', true)] }));
    expect(plan.launches).toEqual([]);
    expect(plan.skipped).toEqual([]);
    expect(plan.nextLaunch).toEqual(at('2016-10-18T22:00:00Z'));
  });

  it('reconciling twice launches once', () => {
    const first = planPeriodic(input());
    const children = first.launches.map((l) => ({ name: l.name, launchTime: l.launchTime, running: true }));
    const second = planPeriodic(input({ children, pendingLaunch: first.nextLaunch, lastLaunch: first.lastLaunch }));
    expect(second.launches).toEqual([]);
    expect(second.requeueAt).toEqual(at('2016-10-18T22:00:00Z'));
  });

  it('a late leader launches each missed tick in turn, like Nomad\'s timer loop', () => {
    // Waiting for 21:00 but woken at 22:30: launch 21:00, next (22:00) is already due → requeue now.
    const plan = planPeriodic(input({ now: at('2016-10-18T22:30:00Z'), periodic: compiled({ ...BACKUP, periodic: { cron: '0 * * * * *' } }) }));
    expect(plan.launches.map((l) => l.launchTime)).toEqual([at('2016-10-18T21:00:00Z')]);
    expect(plan.nextLaunch).toEqual(at('2016-10-18T22:00:00Z'));
    expect(plan.requeueAt).toEqual(at('2016-10-18T22:30:00Z'));
  });
});

describe('prohibit_overlap', () => {
  it('skips the tick while a previous child runs, and records why', () => {
    const plan = planPeriodic(input({ children: [child('2016-10-18T20:00:00Z', true)] }));
    expect(plan.launches).toEqual([]);
    expect(plan.skipped).toEqual([{ tick: at('2016-10-18T21:00:00Z'), reason: 'prohibit_overlap: a previous child is still running' }]);
    expect(plan.nextLaunch).toEqual(at('2016-10-18T22:00:00Z'));
  });

  it('launches when previous children have finished', () => {
    const plan = planPeriodic(input({ children: [child('2016-10-18T20:00:00Z', false)] }));
    expect(plan.launches).toHaveLength(1);
  });

  it('overlap is allowed without prohibit_overlap', () => {
    const periodic = compiled({ type: 'batch', periodic: { cron: '0 * * * * *' } });
    const plan = planPeriodic(input({ periodic, children: [child('2016-10-18T20:00:00Z', true)] }));
    expect(plan.launches).toHaveLength(1);
  });
});

describe('force launch (nomad job periodic force)', () => {
  it('launches now, named by the request time, ignoring prohibit_overlap, without moving the schedule', () => {
    const plan = planPeriodic(input({
      now: at('2016-10-18T20:30:05Z'), forceRequestedAt: at('2016-10-18T20:30:00Z'), children: [child('2016-10-18T20:00:00Z', true)],
    }));
    expect(plan.launches).toEqual([{
      name: 'mysql-backup-periodic-1476822600', id: 'mysql-backup/periodic-1476822600', launchTime: at('2016-10-18T20:30:00Z'), reason: 'forced',
    }]);
    expect(plan.nextLaunch).toEqual(at('2016-10-18T21:00:00Z'));
  });

  it('fails for a disabled job', () => {
    const plan = planPeriodic(input({ forceRequestedAt: at('2016-10-18T20:30:00Z'), parent: { ...input().parent, active: false } }));
    expect(plan.launches).toEqual([]);
    expect(plan.errors).toEqual([expect.stringContaining('can\'t force run non-tracked job "mysql-backup"')]);
  });
});

describe('leader takeover (restorePeriodicDispatcher)', () => {
  it('runs the job once, now, when the launch after the last one was missed; then resumes the schedule', () => {
    // Last launch 18:00; 19:00, 20:00 and 21:00 were missed while no operator led. One catch-up, at now.
    const plan = planPeriodic(input({
      takeover: true, now: at('2016-10-18T21:17:03Z'), lastLaunch: at('2016-10-18T18:00:00Z'), children: [child('2016-10-18T18:00:00Z', false)],
    }));
    expect(plan.launches).toEqual([{
      name: `mysql-backup-periodic-${unix('2016-10-18T21:17:03Z')}`, id: `mysql-backup/periodic-${unix('2016-10-18T21:17:03Z')}`,
      launchTime: at('2016-10-18T21:17:03Z'), reason: 'catch-up',
    }]);
    expect(plan.nextLaunch).toEqual(at('2016-10-18T22:00:00Z'));
  });

  it('catches up a job that never launched, counting from its creation', () => {
    const plan = planPeriodic(input({ takeover: true, now: at('2016-10-18T21:17:03Z') }));
    expect(plan.launches.map((l) => l.reason)).toEqual(['catch-up']);
  });

  it('does not catch up when nothing was missed', () => {
    const plan = planPeriodic(input({ takeover: true, now: at('2016-10-18T21:17:03Z'), lastLaunch: at('2016-10-18T21:00:00Z') }));
    expect(plan.launches).toEqual([]);
    expect(plan.nextLaunch).toEqual(at('2016-10-18T22:00:00Z'));
  });

  it('respects prohibit_overlap for the catch-up', () => {
    const plan = planPeriodic(input({
      takeover: true, now: at('2016-10-18T21:17:03Z'), lastLaunch: at('2016-10-18T19:00:00Z'), children: [child('2016-10-18T19:00:00Z', true)],
    }));
    expect(plan.launches).toEqual([]);
    expect(plan.skipped.map((s) => s.tick)).toEqual([at('2016-10-18T20:00:00Z')]);
  });

  it('does not catch up when the job is merely (re)registered under a live leader', () => {
    const plan = planPeriodic(input({ pendingLaunch: undefined, now: at('2016-10-18T21:17:03Z'), lastLaunch: at('2016-10-18T18:00:00Z') }));
    expect(plan.launches).toEqual([]);
    expect(plan.nextLaunch).toEqual(at('2016-10-18T22:00:00Z'));
  });
});

describe('disabled, stopped or parameterized parents', () => {
  it('launches nothing and schedules nothing', () => {
    const plan = planPeriodic(input({ parent: { ...input().parent, active: false } }));
    expect(plan).toMatchObject({ launches: [], skipped: [] });
    expect(plan.nextLaunch).toBeUndefined();
    expect(plan.requeueAt).toBeUndefined();
  });
});

describe('history', () => {
  it('deletes finished children beyond the limit, keeping the newest, never running ones', () => {
    const children = [
      child('2016-10-18T15:00:00Z', false), child('2016-10-18T16:00:00Z', true), child('2016-10-18T17:00:00Z', false),
      child('2016-10-18T18:00:00Z', false), child('2016-10-18T19:00:00Z', false), child('2016-10-18T20:00:00Z', false),
    ];
    const plan = planPeriodic(input({ historyLimit: 2, children, periodic: compiled({ type: 'batch', periodic: { cron: '0 * * * *' } }) }));
    // Finished, newest first: 20, 19 | 18, 17, 15 → delete those three; 16:00 runs and stays.
    expect(plan.deleteChildren).toEqual([child('2016-10-18T18:00:00Z', false).name, child('2016-10-18T17:00:00Z', false).name, child('2016-10-18T15:00:00Z', false).name]);
  });

  it('keeps everything without a limit, as Nomad leaves children to job GC', () => {
    expect(planPeriodic(input({ children: [child('2016-10-18T15:00:00Z', false)] })).deleteChildren).toEqual([]);
  });
});
