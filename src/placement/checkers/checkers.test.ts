import { describe, expect, it } from '@jest/globals';
import { ClusterState } from '../cluster-state.js';
import { contextFor, makeAlloc, makeNode, makeRequest } from '../testing/builders.js';
import type { NodeBuilder } from '../testing/builders.js';
import type { Allocation, ConstraintSpec, Node, NodeSelectorRequirement, NodeSelectorTerm, Toleration } from '../types.js';
import type { Checker } from './checker.js';
import { candidateNodes, globMatch } from './candidates.js';
import { constraintCheckers } from './constraints.js';
import { deviceChecker } from './devices.js';
import { distinctHostsChecker } from './distinct-hosts.js';
import { distinctPropertyChecker } from './distinct-property.js';
import { driverChecker } from './drivers.js';
import { feasibilityWrapper } from './feasibility.js';
import { hostVolumeChecker } from './host-volumes.js';
import { NODE_AFFINITY_REASON, NODE_SELECTOR_REASON, nodeSelectorChecker } from './node-selector.js';
import { taintChecker } from './taints.js';

/**
 * Runs one checker against a node built by `configure` (plus existing allocations) and returns its verdict.
 * A missing checker fails the test: reading it as "passes" would let every `null` row pass without a check.
 */
function verdict(checker: Checker | null | undefined, configure: (b: NodeBuilder) => NodeBuilder = (b) => b, allocs: Allocation[] = []): string | null {
  if (!checker) throw new Error('no checker was built for this case');
  const node = configure(makeNode('n1')).build();
  const ctx = contextFor([node], allocs, makeRequest('web').build());
  const entry = ctx.state.nodes.get('n1');
  if (!entry) throw new Error('node missing from state');
  return checker.check(entry, ctx);
}

describe('constraint checker', () => {
  it.each<[string, ConstraintSpec, string | null]>([
    ['passes a matching equality', { attribute: '${attr.kernel.name}', value: 'linux' }, null],
    ['names the failing constraint', { attribute: '${attr.kernel.name}', value: 'windows' }, '${attr.kernel.name} = windows'],
    ['compares versions numerically', { attribute: '${attr.os.version}', operator: 'version', value: '>= 5.10' }, null],
    ['fails a missing attribute for equality', { attribute: '${meta.zone}', value: 'a' }, '${meta.zone} = a'],
    ['accepts a missing attribute for is_not_set', { attribute: '${meta.zone}', operator: 'is_not_set' }, null],
  ])('%s', (_name, constraint, expected) => {
    const checkers = constraintCheckers('job', [constraint]);
    expect(checkers).toHaveLength(1);
    expect(verdict(checkers[0], (b) => b.attr('os.version', '6.1.0'))).toBe(expected);
  });

  it('unique targets escape the class cache; placement operators are left to their own stages', () => {
    const checkers = constraintCheckers('job', [
      { attribute: '${node.unique.name}', operator: '!=', value: 'n2' },
      { attribute: '${attr.kernel.name}', value: 'linux' },
      { operator: 'distinct_hosts' },
    ]);
    expect(checkers.map((c) => [c.name, c.cacheable])).toEqual([['job', true], ['job (unique)', false]]);
  });
});

describe('driver checker', () => {
  it.each<[string, (b: NodeBuilder) => NodeBuilder, string[], string | null]>([
    ['assumes the default drivers on a node advertising none', (b) => b, ['docker'], null],
    ['filters a driver the node reports as off', (b) => b.attr('driver.docker', '0'), ['docker'], 'missing drivers'],
    ['filters an unadvertised driver once the node advertises some', (b) => b.attr('driver.exec', '1'), ['docker'], 'missing drivers'],
    ['passes an advertised driver', (b) => b.attr('driver.java', 'true'), ['java'], null],
  ])('%s', (_name, configure, drivers, expected) => {
    expect(verdict(driverChecker(drivers), configure)).toBe(expected);
  });
});

describe('device checker', () => {
  it.each<[string, (b: NodeBuilder) => NodeBuilder, string, string | null]>([
    ['matches vendor/type against a Kubernetes resource name', (b) => b.extended('nvidia.com/gpu', 2), 'nvidia/gpu', null],
    ['matches a bare type', (b) => b.extended('amd.com/gpu', 1), 'gpu', null],
    ['filters a node without the device', (b) => b, 'nvidia/gpu', 'missing devices'],
    ['filters a node advertising zero devices', (b) => b.extended('nvidia.com/gpu', 0), 'nvidia/gpu', 'missing devices'],
  ])('%s', (_name, configure, device, expected) => {
    expect(verdict(deviceChecker([{ name: device }]), configure)).toBe(expected);
  });
});

describe('taint checker', () => {
  it.each<[string, (b: NodeBuilder) => NodeBuilder, Toleration[], string | null]>([
    ['filters an untolerated NoSchedule taint', (b) => b.taint('gpu'), [], 'untolerated taint gpu:NoSchedule'],
    ['ignores PreferNoSchedule', (b) => b.taint('gpu', 'PreferNoSchedule'), [], null],
    ['accepts an Exists toleration for the key', (b) => b.taint('gpu', 'NoExecute', 'a100'), [{ key: 'gpu', operator: 'Exists' }], null],
    ['rejects an Equal toleration with another value', (b) => b.taint('gpu', 'NoSchedule', 'a100'), [{ key: 'gpu', value: 'h100' }], 'untolerated taint gpu=a100:NoSchedule'],
    ['an empty key with Exists tolerates everything', (b) => b.taint('x').taint('y', 'NoExecute'), [{ operator: 'Exists' }], null],
  ])('%s', (_name, configure, tolerations, expected) => {
    expect(verdict(taintChecker(tolerations), configure)).toBe(expected);
  });
});

describe('host volume checker', () => {
  it.each<[string, (b: NodeBuilder) => NodeBuilder, string | null]>([
    ['passes when every volume is offered', (b) => b.hostVolume('data').hostVolume('logs'), null],
    ['filters when one volume is missing', (b) => b.hostVolume('data'), 'missing compatible host volumes'],
  ])('%s', (_name, configure, expected) => {
    const checker = hostVolumeChecker(['data', 'logs']);
    expect(checker.cacheable).toBe(false);
    expect(verdict(checker, configure)).toBe(expected);
  });
});

describe('node selector checker', () => {
  const labelled = (b: NodeBuilder): NodeBuilder => b.label('zone', 'a').label('disktype', 'ssd');
  it.each<[string, Record<string, string>, string | null]>([
    ['passes when every label matches', { zone: 'a', disktype: 'ssd' }, null],
    ['filters another value', { zone: 'b' }, NODE_SELECTOR_REASON],
    ['filters a missing label', { rack: 'r1' }, NODE_SELECTOR_REASON],
    ['needs every label, not some', { zone: 'a', disktype: 'hdd' }, NODE_SELECTOR_REASON],
    ['an empty value still needs the label', { gpu: '' }, NODE_SELECTOR_REASON],
    ['does not see inherited object properties', { constructor: 'x' }, NODE_SELECTOR_REASON],
  ])('%s', (_name, selector, expected) => {
    expect(verdict(nodeSelectorChecker(selector), labelled)).toBe(expected);
  });

  it('is left out when the group asks neither, and evaluated per node (labels are not in the class) otherwise', () => {
    expect(nodeSelectorChecker().applies).toBe(false);
    expect(nodeSelectorChecker({}).applies).toBe(false); // Kubernetes: an empty nodeSelector selects everything
    expect(nodeSelectorChecker({}, []).applies).toBe(true); // an empty term list selects nothing
    expect(nodeSelectorChecker({ zone: 'a' }).cacheable).toBe(false);
  });

  it('reports the selector before the affinity when both fail', () => {
    const checker = nodeSelectorChecker({ zone: 'b' }, []);
    expect(verdict(checker, labelled)).toBe(NODE_SELECTOR_REASON);
    expect(verdict(nodeSelectorChecker({ zone: 'a' }, []), labelled)).toBe(NODE_AFFINITY_REASON);
  });
});

type Op = NodeSelectorRequirement['operator'];

describe('required node affinity checker', () => {
  // Node n1 (metadata.name n1) labelled zone=a, disktype=ssd, cpus=8.
  const node = (b: NodeBuilder): NodeBuilder => b.label('zone', 'a').label('disktype', 'ssd').label('cpus', '8');
  const expr = (key: string, operator: Op, ...values: string[]): NodeSelectorTerm => ({ matchExpressions: [{ key, operator, values }] });
  const field = (operator: Op, ...values: string[]): NodeSelectorTerm => ({ matchFields: [{ key: 'metadata.name', operator, values }] });
  const NO = NODE_AFFINITY_REASON;
  it.each<[string, NodeSelectorTerm[], string | null]>([
    ['In matches a listed value', [expr('zone', 'In', 'a', 'b')], null],
    ['In filters an unlisted value', [expr('zone', 'In', 'c')], NO],
    ['In filters a missing label', [expr('rack', 'In', 'r1')], NO],
    ['NotIn filters a listed value', [expr('zone', 'NotIn', 'a')], NO],
    ['NotIn passes a missing label', [expr('rack', 'NotIn', 'r1')], null],
    ['Exists passes a present label', [expr('zone', 'Exists')], null],
    ['Exists filters a missing label', [expr('rack', 'Exists')], NO],
    ['Exists does not see inherited object properties', [expr('constructor', 'Exists')], NO],
    ['DoesNotExist passes a missing label', [expr('rack', 'DoesNotExist')], null],
    ['DoesNotExist filters a present label', [expr('zone', 'DoesNotExist')], NO],
    ['Gt compares integers (8 > 4)', [expr('cpus', 'Gt', '4')], null],
    ['Gt is strict (8 > 8 is false)', [expr('cpus', 'Gt', '8')], NO],
    ['Lt compares integers (8 < 16)', [expr('cpus', 'Lt', '16')], null],
    ['Lt compares numerically, not as text (8 < 10)', [expr('cpus', 'Lt', '10')], null],
    ['Lt is strict (8 < 8 is false)', [expr('cpus', 'Lt', '8')], NO],
    ['Gt filters a label that is not an integer', [expr('zone', 'Gt', '1')], NO],
    ['Gt filters a missing label', [expr('rack', 'Gt', '1')], NO],
    ['Gt with a value that is not an integer matches nothing', [expr('cpus', 'Gt', 'x')], NO],
    ['Gt with two values matches nothing', [expr('cpus', 'Gt', '1', '2')], NO],
    ['In without values matches nothing', [expr('zone', 'In')], NO],
    ['Exists with values matches nothing', [expr('zone', 'Exists', 'a')], NO],
    ['an unknown operator (untyped input) matches nothing', [expr('zone', 'Equals' as Op, 'a')], NO],
    ['NotIn on an invalid label key matches nothing', [expr('bad key!', 'NotIn', 'x')], NO],
    ['NotIn with an invalid label value matches nothing', [expr('zone', 'NotIn', 'not a value')], NO],
    ['matchFields metadata.name In passes the named node', [field('In', 'n1')], null],
    ['matchFields metadata.name In filters other nodes', [field('In', 'n2')], NO],
    ['matchFields metadata.name NotIn filters the named node', [field('NotIn', 'n1')], NO],
    ['matchFields metadata.name NotIn passes other nodes', [field('NotIn', 'n2')], null],
    ['matchFields needs exactly one value', [field('In', 'n1', 'n2')], NO],
    ['matchFields supports only In and NotIn', [field('Exists')], NO],
    ['matchFields supports only metadata.name', [{ matchFields: [{ key: 'spec.unschedulable', operator: 'NotIn', values: ['true'] }] }], NO],
    ['requirements within a term are ANDed', [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'disktype', operator: 'In', values: ['hdd'] }] }], NO],
    ['labels and fields within a term are ANDed', [{ ...expr('zone', 'In', 'a'), ...field('In', 'n2') }], NO],
    ['terms are ORed', [expr('zone', 'In', 'z'), expr('disktype', 'In', 'ssd')], null],
    ['a term with no requirements matches no node', [{}], NO],
    ['an empty term does not stop another from matching', [{ matchExpressions: [], matchFields: [] }, expr('zone', 'In', 'a')], null],
    ['a term that does not parse does not stop another from matching', [expr('zone', 'In'), expr('zone', 'In', 'a')], null],
    ['an empty term list matches no node', [], NO],
  ])('%s', (_name, terms, expected) => {
    expect(verdict(nodeSelectorChecker(undefined, terms), node)).toBe(expected);
  });
});

describe('distinct_hosts checker', () => {
  it.each<[string, ConstraintSpec[], ConstraintSpec[], Allocation[], string | null]>([
    ['filters a node running the same group (group level)', [], [{ operator: 'distinct_hosts' }], [makeAlloc('n1').job('web', 'web').build()], 'distinct_hosts'],
    ['ignores another group of the job at group level', [], [{ operator: 'distinct_hosts' }], [makeAlloc('n1').job('web', 'db').build()], null],
    ['filters any group of the job at job level', [{ operator: 'distinct_hosts' }], [], [makeAlloc('n1').job('web', 'db').build()], 'distinct_hosts'],
    ['ignores other jobs', [{ operator: 'distinct_hosts' }], [], [makeAlloc('n1').job('other').build()], null],
  ])('%s', (_name, job, group, allocs, expected) => {
    expect(verdict(distinctHostsChecker(job, group), (b) => b, allocs)).toBe(expected);
  });

  it('is absent when nothing asks for it (or the value is false)', () => {
    expect(distinctHostsChecker([], [{ operator: 'distinct_hosts', value: 'false' }])).toBeNull();
  });
});

describe('distinct_property checker', () => {
  const rack = (b: NodeBuilder): NodeBuilder => b.meta('rack', 'r1');
  it.each<[string, string | undefined, number, string | null]>([
    ['allows the first allocation per value', undefined, 0, null],
    ['filters a value already used once (default limit 1)', undefined, 1, 'distinct_property: ${meta.rack}=r1 used by 1 allocs'],
    ['allows up to the given limit', '2', 1, null],
    ['filters at the given limit', '2', 2, 'distinct_property: ${meta.rack}=r1 used by 2 allocs'],
  ])('%s', (_name, value, existing, expected) => {
    const allocs = Array.from({ length: existing }, () => makeAlloc('n1').job('web', 'web').build());
    const checker = distinctPropertyChecker([{ attribute: '${meta.rack}', operator: 'distinct_property', ...(value ? { value } : {}) }], []);
    expect(verdict(checker, rack, allocs)).toBe(expected);
  });

  it('filters a node lacking the property', () => {
    const checker = distinctPropertyChecker([{ attribute: '${meta.rack}', operator: 'distinct_property' }], []);
    expect(verdict(checker)).toBe('missing property "${meta.rack}"');
  });
});

describe('feasibility wrapper', () => {
  it('checks a computed class once and reuses the verdict for its other nodes', () => {
    let calls = 0;
    const counting: Checker = { name: 'counting', cacheable: true, check: () => (++calls, 'nope') };
    const nodes: Node[] = ['a', 'b', 'c'].map((id) => makeNode(id).build()); // identical classes
    const ctx = contextFor(nodes, [], makeRequest().build());
    const feasible = feasibilityWrapper([counting]);
    const reasons = [...ctx.state.nodes.values()].map((e) => feasible(e, ctx));
    expect(reasons).toEqual(['nope', 'nope', 'nope']);
    expect(calls).toBe(1);
  });

  it('evaluates a node selector per node, so nodes of one computed class get their own verdicts', () => {
    const nodes: Node[] = ['a', 'b', 'c'].map((id) => makeNode(id).label('kubernetes.io/hostname', id).build());
    const ctx = contextFor(nodes, [], makeRequest().build());
    const entries = [...ctx.state.nodes.values()];
    expect(new Set(entries.map((e) => e.computedClass)).size).toBe(1); // labels do not split the class
    const feasible = feasibilityWrapper([nodeSelectorChecker({ 'kubernetes.io/hostname': 'b' })]);
    expect(entries.map((e) => feasible(e, ctx))).toEqual([NODE_SELECTOR_REASON, null, NODE_SELECTOR_REASON]);
  });
});

describe('candidate nodes', () => {
  it.each<[string, string, boolean]>([
    ['dc*', 'dc1', true],
    ['dc1', 'dc1', true],
    ['dc1', 'dc10', false],
    ['*-east-*', 'us-east-1', true],
    ['eu*', 'us-east-1', false],
  ])('glob %s matching %s is %s', (pattern, value, expected) => {
    expect(globMatch(pattern, value)).toBe(expected);
  });

  it('keeps ready, schedulable nodes of the datacenters and pool, and refreshes after a node change', () => {
    const state = ClusterState.from({
      nodes: [makeNode('a').build(), makeNode('b').notReady().build(), makeNode('c').cordoned().build(), makeNode('d').dc('dc2').build(), makeNode('e').pool('gpu').build()],
      allocations: [],
    });
    const job = { id: 'j', type: 'service' as const, datacenters: ['dc1', 'dc3'] };
    const first = candidateNodes(state, job);
    expect(first.nodes.map((e) => e.id)).toEqual(['a']);
    expect(first.available).toEqual({ dc1: 1, dc3: 0 });
    expect(candidateNodes(state, job)).toBe(first); // memoised while the node set is unchanged
    state.upsertNode(makeNode('b').build());
    expect(candidateNodes(state, job).nodes.map((e) => e.id)).toEqual(['a', 'b']);
  });
});
