// The child NomadJob of a periodic launch (Nomad's deriveJob).
import { describe, expect, it } from '@jest/globals';
import type { NomadJob } from '../../crds/nomadjob-types.js';
import { buildPeriodicChild } from './child.js';

const parent: NomadJob = {
  apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob',
  metadata: { name: 'mysql-backup', namespace: 'db', uid: 'uid-1', labels: { team: 'dba' } },
  spec: {
    hcl: 'job "mysql-backup" {}', type: 'batch', datacenters: ['dc1'], meta: { k: 'v' },
    periodic: { cron: '0 * * * * *', prohibitOverlap: true },
    groups: [{ name: 'run-mysql-backup', tasks: [{ name: 'run', driver: 'raw_exec', config: { command: '/usr/local/bin/mysql-backup.sh' } }] }],
  },
};
const launch = { name: 'mysql-backup-periodic-1476824400', id: 'mysql-backup/periodic-1476824400', launchTime: new Date(1476824400_000), reason: 'tick' as const };

describe('periodic child', () => {
  const child = buildPeriodicChild(parent, launch);

  it('copies the spec without periodic (or hcl), with the Nomad child ID as id and name', () => {
    expect(child.spec).toEqual({
      type: 'batch', datacenters: ['dc1'], meta: { k: 'v' }, groups: parent.spec.groups,
      id: 'mysql-backup/periodic-1476824400', name: 'mysql-backup/periodic-1476824400',
    });
    expect(child.spec.groups).not.toBe(parent.spec.groups); // deep copy
  });

  it('is owned by the parent and labelled with it and the launch time', () => {
    expect(child.metadata).toEqual({
      name: 'mysql-backup-periodic-1476824400', namespace: 'db',
      labels: { 'kubenomad.io/parent-job': 'mysql-backup', 'kubenomad.io/periodic-launch-time': '1476824400' },
      annotations: { 'kubenomad.io/parent-id': 'mysql-backup', 'kubenomad.io/periodic-launch-reason': 'tick' },
      ownerReferences: [{ apiVersion: 'kubenomad.io/v1alpha1', kind: 'NomadJob', name: 'mysql-backup', uid: 'uid-1', controller: true, blockOwnerDeletion: true }],
    });
    expect(child.status).toEqual({ parent: 'mysql-backup' });
  });
});
