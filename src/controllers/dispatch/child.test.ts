// The child NomadJob of a Dispatch, and idempotency-token lookup.
import { describe, expect, it } from '@jest/globals';
import type { Dispatch } from '../../crds/dispatch-types.js';
import type { NomadJob } from '../../crds/nomadjob-types.js';
import { buildDispatchChild, findExistingChild } from './child.js';
import { asHex8, type Hex8 } from './naming.js';

const parent: NomadJob = {
  apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob',
  metadata: { name: 'ping', namespace: 'uk', uid: 'job-uid' },
  spec: {
    type: 'batch', meta: { ADDRESS: 'default', OWNER: 'nic' },
    parameterized: { payload: 'optional', metaRequired: ['ADDRESS'], metaOptional: ['COUNT'] },
    groups: [{ name: 'ping', tasks: [{ name: 'ping', driver: 'exec', config: { command: 'ping', args: ['-c10', '${NOMAD_META_ADDRESS}'] } }] }],
  },
};
const dispatch: Dispatch = {
  apiVersion: 'kubenomad.io/v1alpha1', kind: 'Dispatch',
  metadata: { name: 'ping-1', namespace: 'uk', uid: 'dispatch-uid' },
  spec: { job: 'ping', meta: { ADDRESS: '192.168.50.1' }, payload: 'aGk=', idempotencyToken: 'req-42' },
};
const options = { dispatchedAt: new Date(1563272947_000), hex8: asHex8('f0762778') as Hex8 };

describe('dispatched child', () => {
  const child = buildDispatchChild(parent, dispatch, options);

  it('is named like Nomad\'s dispatched job', () => {
    expect(child.metadata.name).toBe('ping-dispatch-1563272947-f0762778');
    expect(child.spec.id).toBe('ping/dispatch-1563272947-f0762778');
    expect(child.spec.name).toBe('ping/dispatch-1563272947-f0762778');
  });

  it('drops parameterized, merges meta (dispatch wins) and carries the payload', () => {
    expect(child.spec.parameterized).toBeUndefined();
    expect(child.spec.meta).toEqual({ ADDRESS: '192.168.50.1', OWNER: 'nic' });
    expect(child.spec.payload).toBe('aGk=');
    expect(child.spec.groups).toEqual(parent.spec.groups);
  });

  it('is owned by the Dispatch and labelled with parent, dispatch and token', () => {
    expect(child.metadata.ownerReferences).toEqual([
      { apiVersion: 'kubenomad.io/v1alpha1', kind: 'Dispatch', name: 'ping-1', uid: 'dispatch-uid', controller: true, blockOwnerDeletion: true },
    ]);
    expect(child.metadata.labels).toMatchObject({
      'kubenomad.io/parent-job': 'ping', 'kubenomad.io/dispatch': 'ping-1', 'kubenomad.io/dispatched': 'true',
      'kubenomad.io/idempotency-token-hash': expect.stringMatching(/^[0-9a-f]{8}$/),
    });
    expect(child.metadata.annotations).toEqual({
      'kubenomad.io/parent-id': 'ping', 'kubenomad.io/idempotency-token': 'req-42', 'kubenomad.io/meta-optional': 'COUNT',
    });
    expect(child.status).toEqual({ parent: 'ping' });
  });

  it('is the same object whichever replica builds it', () => {
    expect(buildDispatchChild(parent, dispatch, options)).toEqual(child);
  });
});

describe('idempotency token', () => {
  const existing = buildDispatchChild(parent, dispatch, options);
  const other = buildDispatchChild(parent, { ...dispatch, spec: { ...dispatch.spec, idempotencyToken: 'req-43' } }, options);

  it('finds the child created with the same token', () => {
    expect(findExistingChild([other, existing], 'req-42')).toBe(existing);
  });

  it('finds nothing for a new token or no token', () => {
    expect(findExistingChild([existing], 'req-44')).toBeUndefined();
    expect(findExistingChild([existing], undefined)).toBeUndefined();
    expect(findExistingChild([buildDispatchChild(parent, { ...dispatch, spec: { job: 'ping' } }, options)], '')).toBeUndefined();
  });
});

describe('seed 000 end to end', () => {
  it('a dispatch with ADDRESS=1.2.3.4 makes the task run "ping -c10 1.2.3.4"', async () => {
    const { interpolate, metaEnv } = await import('../env/interpolate.js');
    const child = buildDispatchChild(parent, { ...dispatch, spec: { job: 'ping', meta: { ADDRESS: '1.2.3.4' } } }, options);
    const task = child.spec.groups?.[0]?.tasks[0];
    const args = (task?.config?.['args'] ?? []) as string[];
    const optional = child.metadata.annotations?.['kubenomad.io/meta-optional']?.split(',') ?? [];
    const env = metaEnv(child.spec.meta ?? {}, optional);
    expect(['ping', ...args].map((a) => interpolate(a, env)).join(' ')).toBe('ping -c10 1.2.3.4');
    expect(env['NOMAD_META_COUNT']).toBe('');
  });
});
