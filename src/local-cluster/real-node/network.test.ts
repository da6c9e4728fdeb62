import { describe, expect, it } from '@jest/globals';
import { cidrsOverlap, defaultPodNetwork } from './network.js';

describe('cidrsOverlap', () => {
  it.each([
    ['10.99.0.0/24', '10.99.0.128/25', true],
    ['10.99.0.0/24', '10.99.1.0/24', false],
    ['10.0.0.0/8', '10.99.0.0/24', true],
    ['10.0.0.0/24', '10.0.0.1', true], // a host route
    ['192.0.2.0/24', '10.99.0.0/24', false],
  ])('%s and %s → %s', (a, b, expected) => {
    expect(cidrsOverlap(a, b)).toBe(expected);
  });
});

describe('defaultPodNetwork', () => {
  it('puts the node (gateway) on the first address of the pod CIDR', () => {
    expect(defaultPodNetwork('10.0.0.0/24', {})).toEqual({ bridge: 'kn0', podCidr: '10.99.0.0/24', gateway: '10.99.0.1', serviceCidr: '10.0.0.0/24' });
    expect(defaultPodNetwork('10.0.0.0/24', { KUBENOMAD_REAL_NODE_POD_CIDR: '172.31.8.0/22' }).gateway).toBe('172.31.8.1');
  });

  it.each(['10.99.0.0/25', 'not-a-cidr', '10.300.0.0/24'])('rejects %s', (cidr) => {
    expect(() => defaultPodNetwork('10.0.0.0/24', { KUBENOMAD_REAL_NODE_POD_CIDR: cidr })).toThrow(/Cannot use pod CIDR/);
  });
});
