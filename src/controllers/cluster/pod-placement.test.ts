import { describe, expect, it } from '@jest/globals';
import type { V1PodSpec } from '@kubernetes/client-node';
import type { PodSpec } from '../nomadjob/pod-types.js';
import { podPlacementInputs } from './pod-placement.js';
import type { PodNodeSelectorTerm, PodPlacementSpec } from './pod-placement.js';

const required = (...nodeSelectorTerms: PodNodeSelectorTerm[]): PodPlacementSpec['affinity'] =>
  ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } } });

describe('podPlacementInputs', () => {
  it('passes a nodeSelector, required node affinity terms and tolerations through in engine types', () => {
    const spec: V1PodSpec = {
      containers: [],
      nodeSelector: { disktype: 'ssd' },
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] },
              { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] },
            ],
          },
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'x', operator: 'Exists' }] } }],
        },
      },
      tolerations: [{ key: 'gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule', tolerationSeconds: 30 }],
    };
    expect(podPlacementInputs(spec)).toEqual({
      nodeSelector: { disktype: 'ssd' },
      requiredNodeAffinity: [
        { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] },
        { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] },
      ],
      tolerations: [{ key: 'gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' }],
    });
  });

  it('a pod with no node filters asks nothing of the engine', () => {
    expect(podPlacementInputs({})).toEqual({ tolerations: [] });
    expect(podPlacementInputs({ nodeSelector: {}, affinity: { nodeAffinity: {} } })).toEqual({ tolerations: [] }); // empty selector = none
  });

  it('copies, so later edits of the pod do not reach the engine', () => {
    const zones = ['a'];
    const selector = { zone: 'a' };
    const inputs = podPlacementInputs({ nodeSelector: selector, affinity: required({ matchExpressions: [{ key: 'zone', operator: 'In', values: zones }] }) });
    selector.zone = 'b';
    zones.push('b');
    expect(inputs.nodeSelector).toEqual({ zone: 'a' });
    expect(inputs.requiredNodeAffinity).toEqual([{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }]);
  });

  it.each<[string, PodPlacementSpec['affinity'], unknown]>([
    ['keeps an empty term list (it matches no node)', required(), []],
    ['keeps an empty term (it matches no node)', required({}), [{}]],
    ['drops a term with an unknown operator (Kubernetes: it matches no node), keeping the others', required(
      { matchExpressions: [{ key: 'zone', operator: 'Equals', values: ['a'] }] },
      { matchExpressions: [{ key: 'zone', operator: 'Exists' }] },
    ), [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }]],
    ['leaves the engine to judge operators it knows, even misused', required({ matchFields: [{ key: 'metadata.name', operator: 'Exists' }] }),
      [{ matchFields: [{ key: 'metadata.name', operator: 'Exists' }] }]],
  ])('required node affinity: %s', (_name, affinity, expected) => {
    expect(podPlacementInputs({ affinity }).requiredNodeAffinity).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>, unknown]>([
    ['keeps a match-everything toleration', { operator: 'Exists' }, [{ operator: 'Exists' }]],
    ['reads empty strings as absent (empty operator = Equal, empty effect = all)', { key: 'gpu', operator: '', value: 'x', effect: '' }, [{ key: 'gpu', value: 'x' }]],
    ['drops an unknown operator (tolerates nothing)', { key: 'gpu', operator: 'Gte', value: '1' }, []],
    ['drops an unknown effect (tolerates nothing)', { key: 'gpu', operator: 'Exists', effect: 'NoRun' }, []],
    ['drops a non-string key rather than reading it as "any key"', { key: 7, operator: 'Exists' }, []],
  ])('tolerations: %s', (_name, t, expected) => {
    const rendered: PodSpec = { schedulerName: 'kubenomad', restartPolicy: 'Always', containers: [], tolerations: [t] };
    expect(podPlacementInputs(rendered).tolerations).toEqual(expected);
  });
});
