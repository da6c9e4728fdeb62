/**
 * Keep-alive connection pools to the apiserver. client-node 1.4 builds a new https.Agent for every request,
 * so every call pays a TCP and TLS handshake; here one agent per (purpose, server, TLS identity) is reused.
 * Requests share a bounded agent; watches (long-lived streams) get their own so they never hold the
 * request sockets. A changed TLS identity (an exec plugin rotating its client certificate) gets a new agent
 * and the old one is closed after a grace period.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

/** What a connection is for: short requests, or watch streams. */
export type AgentPurpose = 'request' | 'watch';

/** The TLS fields of a request's options that decide which connections it may share. */
export interface TlsIdentity {
  ca?: unknown;
  cert?: unknown;
  key?: unknown;
  pfx?: unknown;
  passphrase?: string;
  rejectUnauthorized?: boolean;
  servername?: string;
}

/** Sizes of the pools. */
export interface AgentPoolOptions {
  /** Concurrent request connections per apiserver (default 64); more requests queue in the agent. */
  maxSockets?: number;
  /** Idle connections are closed after this (default 60 s, under the apiserver's 90 s idle timeout). */
  idleTimeoutMs?: number;
  /** An agent replaced by a new TLS identity is destroyed after this (default 5 min). */
  retireAfterMs?: number;
}

const TLS_FIELDS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const;

/** A digest of the TLS identity: requests with equal ones may share connections. */
export function tlsFingerprint(tls: TlsIdentity): string {
  const hash = createHash('sha256');
  for (const field of TLS_FIELDS) {
    const value = tls[field];
    hash.update(`${field}:`);
    if (Array.isArray(value)) value.forEach((v) => hash.update(Buffer.isBuffer(v) ? v : String(v)));
    else if (value !== undefined && value !== null) hash.update(Buffer.isBuffer(value) ? value : String(value));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function pick(tls: TlsIdentity): TlsIdentity {
  const out: Record<string, unknown> = {};
  for (const field of TLS_FIELDS) if (tls[field] !== undefined && tls[field] !== null) out[field] = tls[field];
  return out as TlsIdentity;
}

/** Shared keep-alive agents, one per (purpose, server, TLS identity). */
export class AgentPool {
  private readonly agents = new Map<string, http.Agent>();
  /** The current key per purpose and server, to retire the agent a new identity replaces. */
  private readonly current = new Map<string, string>();

  constructor(private readonly options: AgentPoolOptions = {}) {}

  /** The shared agent for a server URL and TLS identity. */
  agent(server: string, tls: TlsIdentity, purpose: AgentPurpose): http.Agent {
    const slot = `${purpose} ${server}`;
    const key = `${slot} ${tlsFingerprint(tls)}`;
    const existing = this.agents.get(key);
    if (existing) return existing;
    const agent = this.create(server, tls, purpose);
    this.agents.set(key, agent);
    const previous = this.current.get(slot);
    this.current.set(slot, key);
    if (previous) this.retire(previous);
    return agent;
  }

  /** Closes every connection (pending requests fail). */
  destroy(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
    this.current.clear();
  }

  private create(server: string, tls: TlsIdentity, purpose: AgentPurpose): http.Agent {
    const common = {
      keepAlive: true,
      timeout: this.options.idleTimeoutMs ?? 60_000,
      // Requests: bounded, so a burst queues in the agent instead of opening hundreds of connections.
      // Watches: one connection each for as long as it streams; their number is the number of informers.
      maxSockets: purpose === 'request' ? (this.options.maxSockets ?? 64) : Infinity,
      scheduling: 'lifo' as const, // reuse the warmest connection; surplus ones go idle and close
    };
    return server.startsWith('http:') ? new http.Agent(common) : new https.Agent({ ...common, ...(pick(tls) as https.AgentOptions) });
  }

  private retire(key: string): void {
    const agent = this.agents.get(key);
    this.agents.delete(key);
    if (agent) setTimeout(() => agent.destroy(), this.options.retireAfterMs ?? 300_000).unref();
  }
}
