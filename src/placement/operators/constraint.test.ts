import { describe, expect, it } from '@jest/globals';
import { makeNode } from '../testing/builders.js';
import type { ConstraintOperator } from '../types.js';
import { constraintString, satisfies } from './constraint.js';

const fp = makeNode('n1').dc('dc2').nodeClass('gpu').pool('batch').attr('kernel.name', 'linux').attr('cpu.numcores', '8')
  .attr('os.version', '22.04').attr('nomad.version', '1.7.3').attr('features', 'a, b,c').meta('rack', 'r1').build().fingerprint;

describe('constraint operators', () => {
  it.each<[string, ConstraintOperator, string | undefined, boolean]>([
    ['${attr.kernel.name}', '=', 'linux', true],
    ['${attr.kernel.name}', '==', 'windows', false],
    ['${attr.kernel.name}', 'is', 'linux', true],
    ['${attr.missing}', '=', '', false], // both sides must be found
    ['${attr.kernel.name}', '!=', 'windows', true],
    ['${attr.missing}', '!=', 'windows', true], // != is true when the attribute is missing
    ['${attr.kernel.name}', 'not', 'linux', false],
    ['${attr.cpu.numcores}', '>', '10', false], // numeric: 8 > 10 is false (lexically "8" > "10")
    ['${attr.cpu.numcores}', '>=', '8', true],
    ['${attr.cpu.numcores}', '<', '10', true],
    ['${attr.os.version}', '<=', '22.04', true], // float comparison
    ['${attr.kernel.name}', '<', 'mac', true], // lexical: "linux" < "mac"
    ['${attr.missing}', '<', '5', false],
    ['${attr.kernel.name}', 'regexp', '^lin', true],
    ['${attr.kernel.name}', 'regexp', 'nux', true], // unanchored
    ['${attr.kernel.name}', 'regexp', '(', false], // invalid pattern never matches
    ['${attr.features}', 'set_contains', 'a,c', true], // items trimmed
    ['${attr.features}', 'set_contains_all', 'a,d', false],
    ['${attr.features}', 'set_contains_any', 'd,b', true],
    ['${attr.features}', 'set_contains_any', 'd,e', false],
    ['${attr.nomad.version}', 'version', '>= 1.6, < 2', true],
    ['${attr.nomad.version}', 'semver', '>= 1.8.0', false],
    ['${attr.kernel.name}', 'is_set', undefined, true],
    ['${attr.missing}', 'is_set', undefined, false],
    ['${attr.missing}', 'is_not_set', undefined, true],
    ['${node.datacenter}', '=', 'dc2', true],
    ['${node.class}', '=', 'gpu', true],
    ['${node.pool}', '=', 'batch', true],
    ['${node.unique.id}', '=', 'n1', true],
    ['${node.unique.name}', '=', 'n1', true],
    ['${meta.rack}', '=', 'r1', true],
    ['${node.region}', 'is_set', undefined, false], // not resolved by the scheduler
    ['linux', '=', '${attr.kernel.name}', true], // literal on the left, target on the right
  ])('%s %s %s is %s', (attribute, operator, value, expected) => {
    expect(satisfies({ attribute, operator, value }, fp)).toBe(expected);
  });

  it('prints a constraint as Nomad does in filter reasons', () => {
    expect(constraintString({ attribute: '${attr.kernel.name}', operator: '=', value: 'windows' })).toBe('${attr.kernel.name} = windows');
  });

  it('defaults the operator to =', () => {
    expect(satisfies({ attribute: '${attr.kernel.name}', value: 'linux' }, fp)).toBe(true);
  });
});
