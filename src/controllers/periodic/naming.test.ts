// Periodic child naming: Nomad's ID keeps "/", the Kubernetes name is a DNS-1123 name of at most 63 characters.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  fitName, isDns1123Subdomain, launchTimeFromChildId, parentLabelValue, periodicChildId, periodicChildName, sanitizeName,
} from './naming.js';

// 1476824400 = 2016-10-18T21:00:00Z (seed 002's "mysql-backup/periodic-1476824400").
const LAUNCH = new Date('2016-10-18T21:00:00Z');

describe('periodic child names', () => {
  it('uses Nomad\'s ID form <parent>/periodic-<unix seconds>', () => {
    expect(periodicChildId('mysql-backup', LAUNCH)).toBe('mysql-backup/periodic-1476824400');
  });

  it('derives the object name <parent>-periodic-<unix> when it fits', () => {
    expect(periodicChildName('mysql-backup', LAUNCH)).toBe('mysql-backup-periodic-1476824400');
  });

  it('shortens a long parent with a hash so the name stays at most 63 characters', () => {
    const parent = `reports.${'x'.repeat(80)}`;
    const name = periodicChildName(parent, LAUNCH);
    // 63 = 34 (head) + 1 + 8 (hash) + 20 ("-periodic-1476824400")
    expect(name).toHaveLength(63);
    expect(name).toMatch(/^reports\.x+-[0-9a-f]{8}-periodic-1476824400$/);
    expect(periodicChildName(parent, LAUNCH)).toBe(name); // deterministic
    expect(periodicChildName(`${parent}y`, LAUNCH)).not.toBe(name); // distinct parents stay distinct
  });

  it('reads the launch time back from a child ID, as Nomad does', () => {
    expect(launchTimeFromChildId('mysql-backup/periodic-1476824400')).toEqual(LAUNCH);
    expect(launchTimeFromChildId('p/dispatch-1-abc/periodic-1476824400')).toEqual(LAUNCH);
    expect(launchTimeFromChildId('mysql-backup')).toBeUndefined();
    expect(launchTimeFromChildId('mysql-backup/periodic-soon')).toBeUndefined();
  });
});

describe('name fitting', () => {
  it.each([
    ['ping', 63, /^ping$/], // already valid: kept as is
    ['Ping_Job', 63, /^ping-job-[0-9a-f]{8}$/], // invalid characters: sanitized and hashed
    ['a..b', 63, /^a\.b-[0-9a-f]{8}$/],
    ['!!!', 63, /^[0-9a-f]{8}$/], // nothing survives sanitizing: the hash alone
    ['x'.repeat(70), 20, /^x{11}-[0-9a-f]{8}$/], // 20 = 11 + 1 + 8
  ])('fitName(%s, %d) is %s', (text, max, pattern) => {
    const fitted = fitName(text, max);
    expect(fitted).toMatch(pattern);
    expect(fitted.length).toBeLessThanOrEqual(max);
    expect(isDns1123Subdomain(fitted)).toBe(true);
  });

  it('sanitizes to DNS characters', () => {
    expect(sanitizeName('-My Job/.v2-')).toBe('my-job.v2');
  });

  it('keeps a 63-character parent name as a label value and shortens longer ones', () => {
    expect(parentLabelValue('a'.repeat(63))).toBe('a'.repeat(63));
    expect(parentLabelValue('a'.repeat(64))).toHaveLength(63);
  });
});

describe('properties', () => {
  const k8sName = fc.stringMatching(/^[a-z0-9]([-a-z0-9.]{0,250}[a-z0-9])?$/).filter(isDns1123Subdomain);
  const anyText = fc.string({ maxLength: 300 });
  const launch = fc.integer({ min: 0, max: 4102444800 }).map((s) => new Date(s * 1000));

  it('the child name is always a DNS-1123 subdomain of at most 63 characters', () => {
    fc.assert(fc.property(fc.oneof(k8sName, anyText), launch, (parent, at) => {
      const name = periodicChildName(parent, at);
      expect(isDns1123Subdomain(name)).toBe(true);
      expect(name.length).toBeLessThanOrEqual(63);
    }));
  });
});
