// Runtime interpolation of ${...} as Nomad's task environment does it.
import { describe, expect, it } from '@jest/globals';
import { interpolate, interpolateDeep, metaEnv } from './interpolate.js';

const env = { NOMAD_META_ADDRESS: '1.2.3.4', NOMAD_PORT_db: '5432', NOMAD_ALLOC_INDEX: '0', EMPTY: '' };
const node = { id: 'node-1', datacenter: 'dc1', region: 'uk', attributes: { 'kernel.name': 'linux' }, meta: { rack: 'r1' } };

describe('interpolate', () => {
  it.each([
    // Seed 000: args = ["-c10", "${NOMAD_META_ADDRESS}"] dispatched with ADDRESS=1.2.3.4.
    ['ping -c10 ${NOMAD_META_ADDRESS}', 'ping -c10 1.2.3.4'],
    ['postgres://db:${NOMAD_PORT_db}/x-${NOMAD_ALLOC_INDEX}', 'postgres://db:5432/x-0'],
    ['[${EMPTY}]', '[]'],
    // Unknown references are kept as written.
    ['${NOMAD_META_MISSING} and ${nope}', '${NOMAD_META_MISSING} and ${nope}'],
    // Names outside [a-zA-Z0-9_.-] are not references at all.
    ['${a b} ${} $NOMAD_META_ADDRESS', '${a b} ${} $NOMAD_META_ADDRESS'],
    // Node values come after the environment.
    ['${node.unique.id} ${node.datacenter} ${node.region} ${attr.kernel.name} ${meta.rack}', 'node-1 dc1 uk linux r1'],
    // One pass: a value containing a reference is not expanded again.
    ['${LOOP}', '${NOMAD_META_ADDRESS}'],
  ])('%s → %s', (text, expected) => {
    expect(interpolate(text, { ...env, LOOP: '${NOMAD_META_ADDRESS}' }, node)).toBe(expected);
  });

  it('leaves node references alone without a node', () => {
    expect(interpolate('${attr.kernel.name}', env)).toBe('${attr.kernel.name}');
  });

  it('does not resolve inherited object properties', () => {
    expect(interpolate('${constructor}', {})).toBe('${constructor}');
  });
});

describe('interpolateDeep', () => {
  it('interpolates every string of a task config', () => {
    const config = { command: 'ping', args: ['-c10', '${NOMAD_META_ADDRESS}'], port_map: [{ db: 5432 }], verbose: true };
    expect(interpolateDeep(config, env)).toEqual({ command: 'ping', args: ['-c10', '1.2.3.4'], port_map: [{ db: 5432 }], verbose: true });
  });
});

describe('metaEnv', () => {
  it('exposes each key as written and upper-cased, and unset optional keys as empty', () => {
    expect(metaEnv({ address: '1.2.3.4' }, ['count'])).toEqual({
      NOMAD_META_ADDRESS: '1.2.3.4', NOMAD_META_address: '1.2.3.4', NOMAD_META_COUNT: '', NOMAD_META_count: '',
    });
  });
});
