import { afterEach, describe, expect, it } from '@jest/globals';
import https from 'node:https';
import { AgentPool, tlsFingerprint } from './agent-pool.js';

const SERVER = 'https://10.0.0.1:6443';
const identity = { ca: Buffer.from('ca'), cert: Buffer.from('cert-1'), key: Buffer.from('key-1') };

let pool: AgentPool;
afterEach(() => pool.destroy());

describe('AgentPool', () => {
  it('gives requests with the same TLS identity the same keep-alive agent, bounded to 64 sockets', () => {
    pool = new AgentPool();
    const a = pool.agent(SERVER, identity, 'request');
    // Equal content in other Buffers (client-node reads the files again for every request) is the same identity.
    const b = pool.agent(SERVER, { ...identity, cert: Buffer.from('cert-1') }, 'request');
    expect(b).toBe(a);
    expect(a).toBeInstanceOf(https.Agent);
    expect(a.maxSockets).toBe(64);
    expect((a as https.Agent & { keepAlive: boolean }).keepAlive).toBe(true);
  });

  it('keeps watches on an agent of their own without a socket bound', () => {
    pool = new AgentPool({ maxSockets: 8 });
    const request = pool.agent(SERVER, identity, 'request');
    const watch = pool.agent(SERVER, identity, 'watch');
    expect(watch).not.toBe(request);
    expect(request.maxSockets).toBe(8);
    expect(watch.maxSockets).toBe(Infinity);
  });

  it('makes a new agent for a rotated client certificate and retires the old one', () => {
    pool = new AgentPool({ retireAfterMs: 60_000 });
    const before = pool.agent(SERVER, identity, 'request');
    const after = pool.agent(SERVER, { ...identity, cert: Buffer.from('cert-2') }, 'request');
    expect(after).not.toBe(before);
    // The retired agent is not handed out again; a request with the old identity gets a fresh one.
    expect(pool.agent(SERVER, identity, 'request')).not.toBe(before);
  });

  it('uses a plain HTTP agent for an http: server', () => {
    pool = new AgentPool();
    expect(pool.agent('http://127.0.0.1:8080', {}, 'request')).not.toBeInstanceOf(https.Agent);
  });
});

describe('tlsFingerprint', () => {
  it('tells identities apart by every TLS field and ignores absent ones', () => {
    expect(tlsFingerprint({ rejectUnauthorized: false })).not.toBe(tlsFingerprint({}));
    expect(tlsFingerprint({ servername: 'a' })).not.toBe(tlsFingerprint({ servername: 'b' }));
    expect(tlsFingerprint({ ca: undefined })).toBe(tlsFingerprint({}));
    // A field boundary cannot be forged by moving bytes between fields.
    expect(tlsFingerprint({ cert: 'ab', key: 'c' })).not.toBe(tlsFingerprint({ cert: 'a', key: 'bc' }));
  });
});
