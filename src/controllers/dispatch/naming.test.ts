// Dispatched child naming: Nomad's DispatchedID and its Kubernetes-safe counterpart.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isDns1123Subdomain } from '../periodic/naming.js';
import { asHex8, dispatchChildName, dispatchedId, hex8FromBytes, hex8FromUid, type Hex8 } from './naming.js';

// Seed 000: "Dispatched Job ID = ping/dispatch-1563272947-f0762778".
const AT = new Date(1563272947 * 1000);
const HEX = asHex8('f0762778') as Hex8;

describe('dispatched child IDs and names', () => {
  it('matches Nomad\'s ID form', () => {
    expect(dispatchedId('ping', undefined, AT, HEX)).toBe('ping/dispatch-1563272947-f0762778');
  });

  it('puts the id prefix template between "dispatch-" and the time, as Nomad does', () => {
    expect(dispatchedId('ping', 'nightly', AT, HEX)).toBe('ping/dispatch-nightly-1563272947-f0762778');
    expect(dispatchChildName('ping', 'nightly', AT, HEX)).toBe('ping-dispatch-nightly-1563272947-f0762778');
  });

  it('derives the object name by replacing "/" with "-"', () => {
    expect(dispatchChildName('ping', undefined, AT, HEX)).toBe('ping-dispatch-1563272947-f0762778');
  });

  it('sanitizes and bounds a free-text template', () => {
    const name = dispatchChildName('ping', 'Build #42 for Team.Blue and a very long tail', AT, HEX);
    expect(isDns1123Subdomain(name)).toBe(true);
    expect(name).toMatch(/^ping-dispatch-build-42-fo-[0-9a-f]{8}-1563272947-f0762778$/ /* 20 = 11 + 1 + 8 */);
  });

  it('derives the 8 hex digits from a uid deterministically, or from injected bytes', () => {
    expect(hex8FromUid('5a261c73-0000-4000-8000-000000000000')).toBe(hex8FromUid('5a261c73-0000-4000-8000-000000000000'));
    expect(hex8FromUid('a')).toMatch(/^[0-9a-f]{8}$/);
    expect(hex8FromBytes(new Uint8Array([0xf0, 0x76, 0x27, 0x78, 0x01]))).toBe('f0762778');
    expect(asHex8('F0762778')).toBeUndefined();
  });

  it('the child name is always a DNS-1123 subdomain of at most 63 characters', () => {
    fc.assert(fc.property(
      fc.string({ maxLength: 260 }), fc.option(fc.string({ maxLength: 80 }), { nil: undefined }),
      fc.integer({ min: 0, max: 4102444800 }), fc.string(),
      (parent, template, secs, uid) => {
        const name = dispatchChildName(parent, template, new Date(secs * 1000), hex8FromUid(uid));
        expect(isDns1123Subdomain(name)).toBe(true);
        expect(name.length).toBeLessThanOrEqual(63);
      },
    ));
  });
});
