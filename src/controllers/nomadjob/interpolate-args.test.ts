import { describe, expect, it } from '@jest/globals';
import { interpolateForKube, kubeLiteral } from './interpolate-args.js';

describe('interpolateForKube', () => {
  const vars = { NOMAD_PORT_db: '22655', NOMAD_ADDR_db: '$(NOMAD_IP_db):22655', 'attr.kernel.name': 'linux' };

  it.each([
    ['--port=${NOMAD_PORT_db}', '--port=22655'],
    ['${NOMAD_ADDR_db}', '$(NOMAD_IP_db):22655'], // substituted values pass through for Kubernetes expansion
    ['os ${attr.kernel.name}', 'os linux'],
    ['${unknown}', '$${unknown}'], // kept literally, escaped
    ['echo $(date) $HOME $$', 'echo $$(date) $$HOME $$$$'], // every literal $ doubled
    ['${ NOMAD_PORT_db }', '$${ NOMAD_PORT_db }'], // not a reference in Nomad's grammar
  ])('%s → %s', (text, expected) => {
    expect(interpolateForKube(text, vars)).toBe(expected);
  });

  it('escapes literal text so Kubernetes expansion gives it back unchanged', () => {
    expect(kubeLiteral('a$(B)$$c')).toBe('a$$(B)$$$$c');
  });
});
