import { describe, expect, it } from '@jest/globals';
import { formatDryRun } from './format.js';
import { placeSystem } from './system.js';
import { makeAlloc, makeNode, makeNodes, makeRequest } from './testing/builders.js';

describe('placeSystem', () => {
  it('places one allocation per feasible node, in node id order', () => {
    const plan = placeSystem({ nodes: makeNodes(3), allocations: [] }, makeRequest().type('system').build(), { seed: 1 });
    expect(plan.placements.map((p) => p.nodeId)).toEqual(['node-0', 'node-1', 'node-2']);
  });

  it('skips filtered nodes silently and nodes already running the group', () => {
    const nodes = [makeNode('a').build(), makeNode('b').attr('kernel.name', 'windows').build(), makeNode('c').build()];
    const allocs = [makeAlloc('c').job('example', 'web').build()];
    const plan = placeSystem({ nodes, allocations: allocs }, makeRequest().type('system').constraint('${attr.kernel.name}', '=', 'linux').build(), { seed: 1 });
    expect(plan.placements.map((p) => p.nodeId)).toEqual(['a']);
    expect(plan.failures).toEqual([]);
  });

  it('reports full nodes as one coalesced failure', () => {
    const plan = placeSystem({ nodes: makeNodes(3, (b) => b.memory(256)), allocations: [] }, makeRequest().type('sysbatch').build(), { seed: 1 });
    expect(formatDryRun([plan], 'sysbatch')).toContain('(failed to place 3 allocations):\n    * Resources exhausted on 3 nodes\n    * Dimension "memory" exhausted on 3 nodes');
  });

  it('system jobs preempt lower-priority work by default', () => {
    const allocs = [makeAlloc('n', 'low').job('batchy').priority(20).cpu(4000).build()];
    const plan = placeSystem({ nodes: [makeNode('n').build()], allocations: allocs }, makeRequest().type('system').priority(70).build(), { seed: 1 });
    expect(plan.preemptions.map((p) => p.allocId)).toEqual(['low']);
  });
});
