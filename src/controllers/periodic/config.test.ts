// Effective periodic settings and their validation (Nomad's PeriodicConfig.Validate plus job rules).
import { describe, expect, it } from '@jest/globals';
import type { NomadJobSpec } from '../../crds/nomadjob-types.js';
import { compilePeriodic, effectivePeriodic, isPeriodicActive, type PeriodicSettings } from './config.js';

const settings = (spec: NomadJobSpec, override?: Parameters<typeof effectivePeriodic>[1]): PeriodicSettings => {
  const s = effectivePeriodic(spec, override);
  if (!s) throw new Error('no periodic block');
  return s;
};

describe('effective settings', () => {
  it('applies Nomad\'s defaults: enabled, UTC, overlap allowed', () => {
    expect(settings({ periodic: { cron: '@daily' } })).toMatchObject({ crons: ['@daily'], enabled: true, timeZone: '', prohibitOverlap: false });
  });

  it('lets a Periodic resource override the schedule (both cron and crons) and other fields', () => {
    const s = settings({ periodic: { crons: ['@daily', '@hourly'], timeZone: 'Europe/London' } }, { job: 'j', cron: '0 9 * * *', enabled: false });
    expect(s).toMatchObject({ crons: ['0 9 * * *'], cronFields: ['spec.cron'], timeZone: 'Europe/London', enabled: false });
  });

  it('is undefined for a job without periodic block or override', () => {
    expect(effectivePeriodic({ type: 'batch' })).toBeUndefined();
  });

  it('a stopped or parameterized job is not active', () => {
    const s = settings({ periodic: { cron: '@daily' } });
    expect(isPeriodicActive({ stop: true }, s)).toBe(false);
    expect(isPeriodicActive({ parameterized: {} }, s)).toBe(false);
    expect(isPeriodicActive({}, s)).toBe(true);
  });
});

describe('validation', () => {
  it.each<[string, NomadJobSpec, Array<{ field: string; message: string }>]>([
    ['a service job', { type: 'service', periodic: { cron: '@daily' } },
      [{ field: 'spec.type', message: 'Periodic can only be used with "batch" or "sysbatch" jobs, not "service"' }]],
    ['both cron and crons', { type: 'batch', periodic: { cron: '@daily', crons: ['@hourly'] } },
      [{ field: 'spec.periodic.cron', message: 'Only cron or crons may be used' }]],
    ['no spec', { type: 'batch', periodic: {} }, [{ field: 'spec.periodic.crons', message: 'Must specify a spec (cron or crons)' }]],
    ['a bad expression in a list', { type: 'sysbatch', periodic: { crons: ['@daily', '0 25 * * *'] } },
      [{ field: 'spec.periodic.crons[1]', message: 'cron "0 25 * * *": field 2 (hour) value 25 out of range 0-23' }]],
    ['an unknown time zone', { type: 'batch', periodic: { cron: '@daily', timeZone: 'Europe/Lundun' } },
      [{ field: 'spec.periodic.timeZone', message: 'time zone "Europe/Lundun": unknown time zone "Europe/Lundun"' }]],
  ])('rejects %s', (_name, spec, problems) => {
    expect(compilePeriodic(spec, settings(spec))).toEqual(problems);
  });

  it('does not check the schedule of a disabled block, like Nomad', () => {
    const spec: NomadJobSpec = { type: 'batch', periodic: { cron: 'nonsense', enabled: false } };
    expect(Array.isArray(compilePeriodic(spec, settings(spec)))).toBe(false);
  });

  it('compiles a valid block', () => {
    const spec: NomadJobSpec = { type: 'batch', periodic: { crons: ['@daily', '0 12 * * *'], timeZone: 'America/New_York' } };
    const result = compilePeriodic(spec, settings(spec));
    // Two problems must not pass for two schedules: a valid block compiles to an object, not a problem list.
    if (Array.isArray(result)) throw new Error(`expected a compiled block, got problems ${JSON.stringify(result)}`);
    expect(result.schedules).toHaveLength(2);
    expect(result).toMatchObject({ crons: ['@daily', '0 12 * * *'], timeZone: 'America/New_York' });
  });
});
