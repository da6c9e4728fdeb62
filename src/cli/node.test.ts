import { describe, expect, it } from '@jest/globals';
import { drainPatch } from './node.js';

const NOW = new Date('2026-01-01T00:00:00Z');

describe('drainPatch', () => {
  it('sets the drain annotation with the deadline (default 1h) and cordons', () => {
    expect(drainPatch({ ignoreSystem: true }, NOW)).toEqual({
      metadata: { annotations: { 'kubenomad.io/drain': '{"deadline":"2026-01-01T01:00:00.000Z","ignoreSystem":true,"startedAt":"2026-01-01T00:00:00.000Z"}' } },
      spec: { unschedulable: true },
    });
  });

  it('-force: deadline now; -no-deadline: none', () => {
    expect(JSON.stringify(drainPatch({ force: true, deadline: '1h' }, NOW))).toContain('"deadline\\":\\"2026-01-01T00:00:00.000Z');
    expect(JSON.stringify(drainPatch({ noDeadline: true }, NOW))).not.toContain('deadline');
  });

  it('-disable removes the drain and the cordon unless -keep-ineligible', () => {
    expect(drainPatch({ disable: true }, NOW)).toEqual({ metadata: { annotations: { 'kubenomad.io/drain': null } }, spec: { unschedulable: null } });
    expect(drainPatch({ disable: true, keepIneligible: true }, NOW)).toMatchObject({ spec: { unschedulable: true } });
  });

  it('rejects a bad deadline, saying which', () => {
    expect(drainPatch({ deadline: 'soon' }, NOW)).toBe('Invalid -deadline "soon": expected a duration such as 30m or 1h');
  });
});
