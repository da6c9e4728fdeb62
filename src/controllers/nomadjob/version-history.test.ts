import { describe, expect, it } from '@jest/globals';
import type { DeploymentState, JobVersionRecord } from '../../crds/nomadjob-types.js';
import { HISTORY_SPEC_BYTES, JOB_TRACKED_VERSIONS, decodeSpec, latestStable, recordHistory } from './version-history.js';
import { NOW, after, makeJob } from './testing/builders.js';

const spec = (priority: number) => makeJob({ priority }).spec;
const info = (version: number) => ({ version, specHash: `h${version}`, changed: version > 0 });
const deployment = (jobVersion: number, status: DeploymentState['status']): DeploymentState =>
  ({ id: 'd', jobVersion, status, statusDescription: '', createdAt: NOW.toISOString(), groups: {} });

/** Versions 0..n−1, one pass each, the last one's deployment `status`. */
function history(n: number): JobVersionRecord[] {
  let records: JobVersionRecord[] | undefined;
  for (let v = 0; v < n; v++) records = recordHistory({ previous: records, version: info(v), spec: spec(50 + v), now: after(NOW, v * 1000) });
  return records ?? [];
}

describe('recordHistory', () => {
  it('records each new version once, newest first, with its spec readable back', () => {
    const records = history(3);
    expect(records.map((r) => r.version)).toEqual([2, 1, 0]);
    expect(decodeSpec(records[1]!)).toEqual(JSON.parse(JSON.stringify(spec(51))));
    expect(recordHistory({ previous: records, version: info(2), spec: spec(52), now: after(NOW, 99_000) })).toEqual(records);
  });

  it(`keeps the newest ${JOB_TRACKED_VERSIONS} versions (Nomad's JobTrackedVersions)`, () => {
    expect(history(9).map((r) => r.version)).toEqual([8, 7, 6, 5, 4, 3]);
  });

  it('marks a version stable when its deployment succeeded, and only then', () => {
    const records = history(2);
    const failed = recordHistory({ previous: records, version: info(1), spec: spec(51), deployment: deployment(1, 'failed'), now: NOW });
    expect(failed.map((r) => r.stable)).toEqual([false, false]);
    const ok = recordHistory({ previous: records, version: info(1), spec: spec(51), deployment: deployment(1, 'successful'), now: NOW });
    expect(ok.map((r) => r.stable)).toEqual([true, false]);
  });

  it('drops the specs of the oldest versions beyond the byte budget, keeping their entries', () => {
    const big = (v: number) => ({ ...spec(50), meta: { blob: randomish(v, 150_000) } });
    let records: JobVersionRecord[] | undefined;
    for (let v = 0; v < 4; v++) records = recordHistory({ previous: records, version: info(v), spec: big(v), now: NOW });
    const kept = records!.filter((r) => r.spec !== undefined);
    expect(kept.reduce((n, r) => n + r.spec!.length, 0)).toBeLessThanOrEqual(HISTORY_SPEC_BYTES);
    expect(records!.map((r) => r.version)).toEqual([3, 2, 1, 0]);
    expect(records![0]!.spec).toBeDefined();
    expect(records![3]!.spec).toBeUndefined();
  });
});

describe('latestStable', () => {
  it('finds the newest stable version other than the failing one', () => {
    let records = history(3);
    records = recordHistory({ previous: records, version: info(2), spec: spec(52), deployment: deployment(0, 'successful'), now: NOW });
    records = recordHistory({ previous: records, version: info(2), spec: spec(52), deployment: deployment(1, 'successful'), now: NOW });
    expect(latestStable(records, 2)?.record.version).toBe(1);
    expect(latestStable(records, 1)?.record.version).toBe(0);
  });
});

/** Text gzip cannot shrink much: letters from a MINSTD sequence (exact in doubles). */
function randomish(seed: number, length: number): string {
  let x = seed + 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 48271) % 2147483647;
    out += String.fromCharCode(97 + (x % 26));
  }
  return out;
}
